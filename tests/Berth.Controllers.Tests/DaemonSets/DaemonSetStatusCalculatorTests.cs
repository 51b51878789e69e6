using Berth.Controllers.DaemonSets;
using static Berth.Controllers.Tests.DaemonSets.DaemonSetFixtures;

namespace Berth.Controllers.Tests.DaemonSets;

public sealed class DaemonSetStatusCalculatorTests
{
    [Fact]
    public void Calculate_CountsPerNodeFromItsOldestPod()
    {
        var ds = DaemonSet(minReadySeconds: 120);
        var nodes = Nodes(4);
        nodes.Add(Node("n5", null, Taint("maintenance", "NoSchedule")));
        var pods = new[]
        {
            Pod(ds, "n1", "ready", age: 10),
            Pod(ds, "n2", "running", updated: false, age: 10),
            Pod(ds, "n2", "ready", age: 1),
            Pod(ds, "n3", "ready", updated: false, age: 10),
            Pod(ds, "n5", "ready", age: 10),
        };

        var status = DaemonSetStatusCalculator.Calculate(ds, NewHash, nodes, pods, 0, observed: true, Now.AddSeconds(30));

        Assert.Equal((4, 3, 1), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled));
        // n1 and n3 (the oldest pods) are ready; they turned ready a minute before Now, so 30 s later neither has been for 120 s.
        Assert.Equal((2, 0, 4, 1), (status.NumberReady, status.NumberAvailable ?? 0, status.NumberUnavailable ?? 0, status.UpdatedNumberScheduled ?? 0));
        Assert.Equal(3, status.ObservedGeneration);

        var later = DaemonSetStatusCalculator.Calculate(ds, NewHash, nodes, pods, 0, observed: false, Now.AddMinutes(2));
        Assert.Equal((2, 2), (later.NumberAvailable ?? 0, later.NumberUnavailable ?? 0));
        Assert.Null(later.ObservedGeneration);
        Assert.False(DaemonSetStatusCalculator.Differs(later, DaemonSetStatusCalculator.Calculate(ds, NewHash, nodes, pods, 0, observed: false, Now.AddMinutes(3))));
    }
}
