using System.Globalization;
using System.Text;

namespace Berth.Engine.Containers;

/// <summary>
/// Appends a container's output to its k8s-file log as conmon writes it (<see cref="LogEntry"/>: a line per entry, a last piece
/// without its newline as a partial one), for a container whose client relays its output itself (<see cref="ForegroundRunner"/>).
/// </summary>
public sealed class ContainerLogWriter(string path) : IDisposable
{
    private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    private readonly Lock _gate = new();

    public void Append(bool stderr, ReadOnlySpan<byte> output)
    {
        var entries = new MemoryStream();
        var prefix = Encoding.ASCII.GetBytes(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00'zzz", CultureInfo.InvariantCulture) + (stderr ? " stderr " : " stdout "));
        while (!output.IsEmpty)
        {
            var newline = output.IndexOf((byte)'\n');
            var line = newline < 0 ? output : output[..newline];
            entries.Write(prefix);
            entries.Write(newline < 0 ? "P "u8 : "F "u8);
            entries.Write(line);
            entries.WriteByte((byte)'\n');
            output = newline < 0 ? [] : output[(newline + 1)..];
        }
        lock (_gate)
        {
            _file.Write(entries.GetBuffer(), 0, (int)entries.Length);
        }
    }

    public void Dispose() => _file.Dispose();
}
