using System.Text;

namespace Berth.DockerApi.Images;

/// <summary>A text writer (a build's STEP lines) whose text goes out as {"stream": …} messages, one per write.</summary>
internal sealed class JsonTextWriter(JsonProgress messages) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => messages.Text(value.ToString());

    public override void Write(string? value) => messages.Text(value ?? "");

    public override void WriteLine(string? value) => messages.Text((value ?? "") + "\n");

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }
}
