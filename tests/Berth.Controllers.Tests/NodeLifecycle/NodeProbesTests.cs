using Berth.Controllers.NodeLifecycle;

namespace Berth.Controllers.Tests.NodeLifecycle;

public sealed class NodeProbesTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Observe_HearsANodeWhenItsLeaseIsRenewedOrItsHeartbeatChanges()
    {
        var probes = new NodeProbes();

        Assert.Equal(T0, probes.Observe("n1", T0, T0, T0));
        Assert.Equal(T0, probes.Observe("n1", T0, T0, T0.AddSeconds(30)));
        Assert.Equal(T0.AddSeconds(40), probes.Observe("n1", T0, T0.AddSeconds(10), T0.AddSeconds(40)));
        Assert.Equal(T0.AddSeconds(45), probes.Observe("n1", T0.AddSeconds(41), T0.AddSeconds(10), T0.AddSeconds(45)));
    }

    [Fact]
    public void Observe_UsesItsOwnClockNotTheNodes()
    {
        var probes = new NodeProbes();
        probes.Observe("n1", null, T0.AddHours(-3), T0);

        // A lease renewed with a clock hours behind still counts as a renewal, heard now.
        Assert.Equal(T0.AddSeconds(5), probes.Observe("n1", null, T0.AddHours(-3).AddSeconds(10), T0.AddSeconds(5)));
        // An older renewTime is not a renewal.
        Assert.Equal(T0.AddSeconds(5), probes.Observe("n1", null, T0.AddHours(-4), T0.AddSeconds(60)));
    }

    [Fact]
    public void Retain_ForgetsRemovedNodesSoTheyStartOverWithAFullGracePeriod()
    {
        var probes = new NodeProbes();
        probes.Observe("n1", T0, T0, T0);

        probes.Retain(new HashSet<string>());

        Assert.Equal(T0.AddMinutes(5), probes.Observe("n1", T0, T0, T0.AddMinutes(5)));
    }
}
