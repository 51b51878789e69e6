using Berth.Client.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Client.Tests.Queues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Add_SameKeyTwiceBeforeTaken_IsTakenOnce()
    {
        using var queue = WorkQueue<string>.ForController(_time);
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsNotHandedToASecondWorkerUntilDone()
    {
        using var queue = WorkQueue<string>.ForController(_time);
        queue.Add("a");
        var first = await queue.TakeAsync(CancellationToken.None);
        queue.Add("a");

        var second = queue.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        queue.Done(first!);
        Assert.Equal("a", await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AddRateLimited_BacksOffExponentiallyUntilForgotten()
    {
        using var queue = new WorkQueue<string>(new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), _time);
        queue.AddRateLimited("a");
        queue.AddRateLimited("b");
        queue.AddRateLimited("b");
        queue.AddRateLimited("b");

        var taken = queue.TakeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(taken.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", await taken.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, queue.NumRequeues("b"));

        queue.Forget("b");
        Assert.Equal(0, queue.NumRequeues("b"));
    }

    [Fact]
    public async Task ShutDown_WakesWaitingWorkersWithNull()
    {
        using var queue = WorkQueue<string>.ForController(_time);
        var waiting = queue.TakeAsync(CancellationToken.None);

        queue.ShutDown();

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void ExponentialLimiter_DoublesFromTheBaseUpToTheCap()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(30));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("k").TotalMilliseconds).ToList();

        Assert.Equal([5, 10, 20, 30, 30], delays);
    }

    [Fact]
    public void TokenBucket_AfterTheBurst_SpacesRetriesAtTheRate()
    {
        var limiter = new TokenBucketRateLimiter<string>(perSecond: 10, burst: 2, _time);

        var delays = Enumerable.Range(0, 4).Select(_ => limiter.When("k").TotalMilliseconds).ToList();

        Assert.Equal([0, 0, 100, 200], delays.Select(d => Math.Round(d)));
    }
}
