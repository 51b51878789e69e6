using Berth.Scheduler.Framework;
using Berth.Scheduler.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Scheduler.Tests.Queue;

/// <summary>After kube's scheduling_queue tests: order, back-off, and which cluster events bring a pod back.</summary>
public class SchedulingQueueTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SchedulingQueue Queue() => new(new SchedulerOptions(), _time);

    private static PodInfo Pod(string name, int priority = 0) => new(new MakePod(name).Priority(priority).Obj());

    private static async Task<QueuedPod> PopAsync(SchedulingQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await queue.PopAsync(timeout.Token))!;
    }

    private static HashSet<string> Plugins(params string[] names) => new(names, StringComparer.Ordinal);

    [Fact]
    public async Task Pop_HigherPriorityFirstThenFirstQueued()
    {
        var queue = Queue();
        queue.Add(Pod("low", 1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Add(Pod("high-later", 10));
        queue.Add(Pod("high-latest", 10));

        var order = new[] { await PopAsync(queue), await PopAsync(queue), await PopAsync(queue) }.Select(p => p.Pod.Name);

        Assert.Equal(["high-later", "high-latest", "low"], order);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(12, 10)]
    public void BackoffDuration_DoublesFromOneSecondUpToTen(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Queue().BackoffDuration(attempts));

    [Fact]
    public async Task Requeue_Rejected_WaitsUnschedulableUntilAnEventItsPluginCaresAbout()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        var popped = await PopAsync(queue);

        queue.Requeue(popped, Plugins("TaintToleration"), error: false);
        queue.OnClusterEvent(ClusterEvent.AssignedPodAdd);
        Assert.Equal((0, 0, 1, 0), queue.Counts);

        queue.OnClusterEvent(ClusterEvent.NodeUpdate);
        Assert.Equal((0, 1, 0, 0), queue.Counts);
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.FlushBackoff();
        Assert.Equal((1, 0, 0, 0), queue.Counts);
        Assert.Equal(2, (await PopAsync(queue)).Attempts);
    }

    [Fact]
    public async Task Requeue_ClusterChangedDuringTheCycle_BacksOffInsteadOfWaiting()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        var popped = await PopAsync(queue);
        queue.OnClusterEvent(ClusterEvent.NodeAdd);

        queue.Requeue(popped, Plugins("NodeResourcesFit"), error: false);

        Assert.Equal((0, 1, 0, 0), queue.Counts);
    }

    [Fact]
    public async Task Requeue_UnrelatedClusterChangeDuringTheCycle_StillWaitsUnschedulable()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        var popped = await PopAsync(queue);
        queue.OnClusterEvent(ClusterEvent.AssignedPodAdd);

        queue.Requeue(popped, Plugins("TaintToleration"), error: false);

        Assert.Equal((0, 0, 1, 0), queue.Counts);
    }

    [Fact]
    public async Task Requeue_Error_BacksOffAndReturnsAfterTheBackoff()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        var popped = await PopAsync(queue);

        queue.Requeue(popped, Plugins(), error: true);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        queue.FlushBackoff();
        Assert.Equal((0, 1, 0, 0), queue.Counts);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        queue.FlushBackoff();

        Assert.Equal((1, 0, 0, 0), queue.Counts);
    }

    [Fact]
    public async Task Update_SpecChangedWhileUnschedulable_RetriesAfterBackoff()
    {
        var queue = Queue();
        var pod = Pod("p");
        queue.Add(pod);
        queue.Requeue(await PopAsync(queue), Plugins("NodeAffinity"), error: false);

        queue.Update(pod, specChanged: false);
        Assert.Equal((0, 0, 1, 0), queue.Counts);
        queue.Update(pod, specChanged: true);

        Assert.Equal((0, 1, 0, 0), queue.Counts);
    }

    [Fact]
    public async Task FlushUnschedulable_AfterFiveMinutes_RetriesWithoutAnyEvent()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        queue.Requeue(await PopAsync(queue), Plugins("NodeAffinity"), error: false);

        _time.Advance(TimeSpan.FromMinutes(5));
        queue.FlushUnschedulable();
        Assert.Equal((0, 0, 1, 0), queue.Counts);
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.FlushUnschedulable();

        Assert.Equal((1, 0, 0, 0), queue.Counts);
    }

    [Fact]
    public async Task Delete_WhileInFlight_IsNotRequeued()
    {
        var queue = Queue();
        queue.Add(Pod("p"));
        var popped = await PopAsync(queue);

        queue.Delete(popped.Pod.Uid);
        queue.Requeue(popped, Plugins(), error: true);

        Assert.Equal((0, 0, 0, 0), queue.Counts);
    }

    [Fact]
    public async Task Pop_WaitsForAnAddAndEndsWhenClosed()
    {
        var queue = Queue();
        var waiting = queue.PopAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.Add(Pod("p"));
        Assert.Equal("p", (await waiting.WaitAsync(TimeSpan.FromSeconds(5)))!.Pod.Name);
        var next = queue.PopAsync(CancellationToken.None);
        queue.Close();

        Assert.Null(await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
