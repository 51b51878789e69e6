using Berth.Controllers.DaemonSets;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Controllers.Tests.DaemonSets;

public sealed class FailedPodBackoffTests
{
    [Fact]
    public void Next_DoublesFromOneSecondToFifteenMinutes_ForgottenAfterThirtyQuietMinutes()
    {
        var time = new FakeTimeProvider();
        var backoff = new FailedPodBackoff(time);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("ds/n1"));

        var waits = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            backoff.Next("ds/n1");
            waits.Add(backoff.Remaining("ds/n1").TotalSeconds);
            time.Advance(backoff.Remaining("ds/n1"));
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], waits);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("ds/n1"));
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("ds/n2"));
        time.Advance(TimeSpan.FromMinutes(31));
        backoff.Next("ds/n1");
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Remaining("ds/n1"));
    }
}
