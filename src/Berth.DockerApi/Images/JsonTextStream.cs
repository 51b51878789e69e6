using System.Text;

namespace Berth.DockerApi.Images;

/// <summary>A write-only stream (a RUN step's stdout and stderr) whose bytes go out as {"stream": …} messages.</summary>
internal sealed class JsonTextStream(JsonProgress messages) : Stream
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var count = _decoder.GetChars(buffer, chars, flush: false);
        messages.Text(new string(chars, 0, count));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
