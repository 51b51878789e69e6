using System.Globalization;
using System.Text;

namespace Berth.DockerApi.Http;

/// <summary>Writes each buffer as one HTTP/1.1 chunk and flushes it; disposing sends the last chunk.</summary>
internal sealed class ChunkedWriteStream(Stream inner) : Stream
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private bool _ended;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return;
        }
        await inner.WriteAsync(Encoding.ASCII.GetBytes(buffer.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        await inner.WriteAsync(Crlf, cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            _ended = true;
            try
            {
                await inner.WriteAsync("0\r\n\r\n"u8.ToArray());
                await inner.FlushAsync();
            }
            catch (IOException)
            {
                // The client went away: nothing to end.
            }
        }
    }

    protected override void Dispose(bool disposing) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
