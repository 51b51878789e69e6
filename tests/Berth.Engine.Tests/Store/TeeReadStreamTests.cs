using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store;

public sealed class TeeReadStreamTests
{
    [Fact]
    public async Task Read_SyncAndAsyncInSmallPieces_CopiesExactlyWhatWasRead()
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        using var copy = new MemoryStream();
        using var tee = new TeeReadStream(new MemoryStream(content), copy);
        var first = new byte[7];
        var second = new byte[4000];

        tee.ReadExactly(first);
        await tee.ReadExactlyAsync(second);

        Assert.Equal(content[..4007], copy.ToArray());
        await tee.CopyToAsync(Stream.Null);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public void Write_IsRefused()
    {
        using var tee = new TeeReadStream(new MemoryStream(), new MemoryStream());

        Assert.False(tee.CanWrite);
        Assert.Throws<NotSupportedException>(() => tee.Write([1], 0, 1));
    }
}
