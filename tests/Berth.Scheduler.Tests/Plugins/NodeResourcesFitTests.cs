using Berth.Scheduler.Plugins.NodeResources;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>After kube's noderesources/fit_test.go: the node has 10 CPU, 20 bytes of memory, 32 pods; existing pods use part of it.</summary>
public class NodeResourcesFitTests
{
    public static TheoryData<string, MakePod, MakePod[], string> Cases => new()
    {
        { "no resources requested always fits", new MakePod(), [new MakePod("e").Req("cpu=10,memory=20")], "" },
        { "too many resources fails", new MakePod().Req("cpu=1,memory=1"), [new MakePod("e").Req("cpu=10,memory=20")], "Unschedulable: Insufficient cpu, Insufficient memory" },
        { "too many resources fails due to init container cpu", new MakePod().Req("cpu=1,memory=1").Init("cpu=3,memory=1"), [new MakePod("e").Req("cpu=8,memory=19")], "Unschedulable: Insufficient cpu" },
        { "init container within the room fits", new MakePod().Req("cpu=1,memory=1").Init("cpu=2,memory=1"), [new MakePod("e").Req("cpu=8,memory=19")], "" },
        { "sidecar adds to the sum and to later init containers", new MakePod().Req("cpu=1").Init("cpu=1", sidecar: true).Init("cpu=1"), [new MakePod("e").Req("cpu=8")], "" },
        { "sidecar sum exceeds", new MakePod().Req("cpu=2").Init("cpu=1", sidecar: true), [new MakePod("e").Req("cpu=8")], "Unschedulable: Insufficient cpu" },
        { "overhead is added", new MakePod().Req("cpu=1,memory=1").Overhead("cpu=1"), [new MakePod("e").Req("cpu=9,memory=5")], "Unschedulable: Insufficient cpu" },
        { "extended resource missing", new MakePod().Req("example.com/foo=2"), [], "Unschedulable: Insufficient example.com/foo" },
        { "extended resource within allocatable", new MakePod().Req("example.com/bar=1"), [], "" },
        { "ephemeral storage", new MakePod().Req("ephemeral-storage=11"), [], "Unschedulable: Insufficient ephemeral-storage" },
        { "too many pods even without requests", new MakePod(), [new MakePod("e1"), new MakePod("e2")], "Unschedulable: Too many pods" },
        { "too many pods and cpu", new MakePod().Req("cpu=11"), [new MakePod("e1"), new MakePod("e2")], "Unschedulable: Too many pods, Insufficient cpu" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_ComparesRequestsWithWhatIsLeft(string name, MakePod pod, MakePod[] existing, string expected)
    {
        var pods = name.Contains("too many pods", StringComparison.OrdinalIgnoreCase) ? "2" : "32";
        var node = new MakeNode("node-1").Capacity($"cpu=10,memory=20,pods={pods},ephemeral-storage=10,example.com/bar=1").Obj();
        var snapshot = Snapshots.Of([node], existing.Select(e => e.Node("node-1").Obj()));

        var statuses = PluginRun.Filter(new FitPlugin(ScoringStrategy.LeastAllocated), pod.Info(), snapshot);

        Assert.True(expected == statuses["node-1"], $"{name}: {statuses["node-1"]}");
    }

    [Fact]
    public void Filter_PodsGoneOrNodeGrown_FitsAgain()
    {
        // The filter reads what is left as the node's pods and allocatable change, not as they were first seen.
        var existing = new MakePod("e").Node("node-1").Req("cpu=10").Obj();
        var snapshot = Snapshots.Of([new MakeNode("node-1").Capacity("cpu=10,memory=20,pods=1").Obj()], [existing]);
        var pod = new MakePod().Req("cpu=1").Info();
        var fit = new FitPlugin(ScoringStrategy.LeastAllocated);
        Assert.Equal("Unschedulable: Too many pods, Insufficient cpu", PluginRun.Filter(fit, pod, snapshot)["node-1"]);

        snapshot.UpsertNode(new MakeNode("node-1").Capacity("cpu=11,memory=20,pods=2").Obj());
        Assert.Equal("", PluginRun.Filter(fit, pod, snapshot)["node-1"]);

        snapshot.UpsertNode(new MakeNode("node-1").Capacity("cpu=10,memory=20,pods=1").Obj());
        snapshot.RemovePod(existing.Metadata.Uid);
        Assert.Equal("", PluginRun.Filter(fit, pod, snapshot)["node-1"]);
    }

    [Fact]
    public void Score_LeastAllocated_PrefersTheEmptierNode()
    {
        // After least_allocated_test.go "nothing scheduled, resources requested, differently sized nodes".
        var snapshot = Snapshots.Of([new MakeNode("node1").Capacity("cpu=4,memory=10000,pods=110").Obj(), new MakeNode("node2").Capacity("cpu=6,memory=10000,pods=110").Obj()]);

        var scores = PluginRun.Scores(new FitPlugin(ScoringStrategy.LeastAllocated), new MakePod().Req("cpu=3,memory=5000").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 37, ["node2"] = 50 }, scores);
    }

    [Fact]
    public void Score_MostAllocated_PrefersTheFullerNode()
    {
        var snapshot = Snapshots.Of([new MakeNode("node1").Capacity("cpu=4,memory=10000,pods=110").Obj(), new MakeNode("node2").Capacity("cpu=6,memory=10000,pods=110").Obj()]);

        var scores = PluginRun.Scores(new FitPlugin(ScoringStrategy.MostAllocated), new MakePod().Req("cpu=3,memory=5000").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 62, ["node2"] = 50 }, scores);
    }

    [Fact]
    public void Score_PodWithoutRequests_CountsDefaultRequests()
    {
        // 100m of 1 CPU used: (1000-100)*100/1000 = 90; 200Mi of 400Mi: 50; (90+50)/2 = 70.
        var snapshot = Snapshots.Of([new MakeNode("node1").Capacity("cpu=1,memory=400Mi,pods=110").Obj()]);

        var scores = PluginRun.Scores(new FitPlugin(ScoringStrategy.LeastAllocated), new MakePod().Info(), snapshot);

        Assert.Equal(70, scores["node1"]);
    }

    [Fact]
    public void BalancedAllocation_Score_PenalizesUnevenUse()
    {
        // After balanced_allocation_test.go: fractions 0.75/0.5 → 87; 0.5/0.5 → 100.
        var snapshot = Snapshots.Of([new MakeNode("node1").Capacity("cpu=4,memory=10000,pods=110").Obj(), new MakeNode("node2").Capacity("cpu=6,memory=10000,pods=110").Obj()]);

        var scores = PluginRun.Scores(new BalancedAllocationPlugin(), new MakePod().Req("cpu=3,memory=5000").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 87, ["node2"] = 100 }, scores);
    }

    [Fact]
    public void BalancedAllocation_Score_CountsExistingPodsAndCapsAtOne()
    {
        // node1 runs cpu=3 of 4 and memory=0: with the pod's cpu=2 the fraction caps at 1 and memory stays 0: 100*(1-0.5) = 50.
        var snapshot = Snapshots.Of([new MakeNode("node1").Capacity("cpu=4,memory=10000,pods=110").Obj()], [new MakePod("e").Req("cpu=3").Node("node1").Obj()]);

        var scores = PluginRun.Scores(new BalancedAllocationPlugin(), new MakePod().Req("cpu=2").Info(), snapshot);

        Assert.Equal(50, scores["node1"]);
    }
}
