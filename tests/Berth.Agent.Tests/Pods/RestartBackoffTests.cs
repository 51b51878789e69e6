using Berth.Agent.Pods;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Agent.Tests.Pods;

public class RestartBackoffTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));

    [Fact]
    public void FirstRestart_IsImmediate_ThenTheWaitDoublesFrom10sTo5Min()
    {
        var backoff = new RestartBackoff(_time);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("p/c", _time.GetUtcNow()).Left);

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next("p/c")).ToList();

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void Remaining_CountsFromTheExit()
    {
        var backoff = new RestartBackoff(_time);
        backoff.Next("p/c");
        var exited = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(10)), backoff.Remaining("p/c", exited));
    }

    [Fact]
    public void AContainerThatRanTenMinutes_StartsOverAt10s()
    {
        var backoff = new RestartBackoff(_time);
        backoff.Next("p/c");
        backoff.Next("p/c");
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(TimeSpan.Zero, backoff.Remaining("p/c", _time.GetUtcNow()).Left);
        Assert.Equal(RestartBackoff.Initial, backoff.Next("p/c"));
    }

    [Fact]
    public void Forget_DropsEveryContainerOfThePod()
    {
        var backoff = new RestartBackoff(_time);
        backoff.Next("p/a");
        backoff.Next("q/a");

        backoff.Forget("p");

        Assert.Equal(TimeSpan.Zero, backoff.Remaining("p/a", _time.GetUtcNow()).Delay);
        Assert.Equal(RestartBackoff.Initial, backoff.Remaining("q/a", _time.GetUtcNow()).Delay);
    }
}
