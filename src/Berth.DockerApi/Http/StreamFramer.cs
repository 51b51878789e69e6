using System.Buffers.Binary;

namespace Berth.DockerApi.Http;

/// <summary>
/// Docker's multiplexed stream for a container without a TTY: each write goes out as an 8-byte header
/// (stream type 0 stdin, 1 stdout, 2 stderr; three zero bytes; the length, big-endian uint32) and the data.
/// With a TTY there is one raw stream and no headers (<see cref="Raw"/>).
/// </summary>
public sealed class StreamFramer(Stream connection, bool raw)
{
    public const string MultiplexedContentType = "application/vnd.docker.multiplexed-stream";
    public const string RawContentType = "application/vnd.docker.raw-stream";

    private readonly SemaphoreSlim _lock = new(1, 1);

    public bool Raw { get; } = raw;

    public string ContentType => Raw ? RawContentType : MultiplexedContentType;

    public Stream Stdout => new FramedStream(this, 1);

    public Stream Stderr => new FramedStream(this, 2);

    public async Task WriteAsync(byte streamType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length == 0)
        {
            return;
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!Raw)
            {
                var header = new byte[8];
                header[0] = streamType;
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)data.Length);
                await connection.WriteAsync(header, cancellationToken);
            }
            await connection.WriteAsync(data, cancellationToken);
            await connection.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>One of the framer's streams as a write-only <see cref="Stream"/>, for code that writes to streams.</summary>
    private sealed class FramedStream(StreamFramer framer, byte streamType) : Stream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(framer.WriteAsync(streamType, buffer, cancellationToken));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            framer.WriteAsync(streamType, buffer.AsMemory(offset, count), cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) =>
            framer.WriteAsync(streamType, buffer.AsMemory(offset, count), CancellationToken.None).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
}
