using System.Threading.Channels;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Oci;

namespace Berth.Engine.Tests.Runtime.Oci;

public sealed class TerminalSizeFeedTests
{
    private readonly Channel<TerminalSize> _sizes = Channel.CreateUnbounded<TerminalSize>();

    private TerminalSizeFeed Feed(CancellationToken cancellationToken = default) => new(_sizes.Reader.ReadAllAsync(cancellationToken), cancellationToken);

    [Fact]
    public async Task FirstAsync_SizesGivenBeforeTheStart_TheLatestWithoutWaiting()
    {
        _sizes.Writer.TryWrite(new TerminalSize(24, 80));
        _sizes.Writer.TryWrite(new TerminalSize(40, 132));

        var first = await Feed().FirstAsync(Timeout.InfiniteTimeSpan);

        Assert.Equal(new TerminalSize(40, 132), first);
    }

    [Fact]
    public async Task FirstAsync_NoneGivenYet_WaitsForTheFirst()
    {
        var first = Feed().FirstAsync(Timeout.InfiniteTimeSpan);
        _sizes.Writer.TryWrite(new TerminalSize(40, 132));

        Assert.Equal(new TerminalSize(40, 132), await first);
    }

    [Fact]
    public async Task FirstAsync_NoPatienceOrNoFeed_NullAtOnce()
    {
        Assert.Null(await Feed().FirstAsync(TimeSpan.Zero));
        Assert.Null(await new TerminalSizeFeed(null, CancellationToken.None).FirstAsync(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task FollowAsync_AfterTheFirst_PassesOnlyTheLaterSizesUntilTheFeedEnds()
    {
        _sizes.Writer.TryWrite(new TerminalSize(24, 80));
        var feed = Feed();
        await feed.FirstAsync(TimeSpan.Zero);
        var resized = new List<TerminalSize>();

        var following = feed.FollowAsync(resized.Add);
        _sizes.Writer.TryWrite(new TerminalSize(50, 100));
        _sizes.Writer.Complete();
        await following;

        Assert.Equal([new TerminalSize(50, 100)], resized);
    }

    [Fact]
    public async Task FollowAsync_NoFirstTaken_PassesEverySize()
    {
        var resized = new List<TerminalSize>();
        _sizes.Writer.TryWrite(new TerminalSize(24, 80));
        _sizes.Writer.Complete();

        await Feed().FollowAsync(resized.Add);

        Assert.Equal([new TerminalSize(24, 80)], resized);
    }

    [Fact]
    public async Task FollowAsync_Cancelled_Ends()
    {
        using var cancel = new CancellationTokenSource();
        var feed = Feed(cancel.Token);
        await feed.FirstAsync(TimeSpan.Zero);

        var following = feed.FollowAsync(_ => { });
        await cancel.CancelAsync();
        await following;

        Assert.True(following.IsCompletedSuccessfully);
    }
}
