using Berth.Engine.Streams;

namespace Berth.Engine.Tests.Streams;

public sealed class ForwardOnlyReadStreamTests
{
    /// <summary>Counts down from a number, one byte a read.</summary>
    private sealed class Countdown(byte from) : ForwardOnlyReadStream
    {
        private byte _next = from;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_next == 0 || buffer.Length == 0)
            {
                return ValueTask.FromResult(0);
            }
            buffer.Span[0] = _next--;
            return ValueTask.FromResult(1);
        }
    }

    [Fact]
    public async Task EveryRead_GoesThroughTheSubclassesRead()
    {
        using var stream = new Countdown(4);
        var buffer = new byte[2];

        var sync = stream.Read(buffer, 0, 2);
        var taskBased = await stream.ReadAsync(buffer, 1, 1, CancellationToken.None);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.Equal((1, 1), (sync, taskBased));
        Assert.Equal([4, 3], buffer);
        Assert.Equal([2, 1], rest.ToArray());
    }

    [Fact]
    public void SeekingLengthPositionAndWriting_AreNotSupported()
    {
        using var stream = new Countdown(1);

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek || stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Position);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }
}
