using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Tests.Algorithm;

public class SchedulingAlgorithmTests
{
    private static SchedulingAlgorithm Algorithm(ScoringStrategy strategy = ScoringStrategy.LeastAllocated) =>
        new(Profile.Default(strategy), new SchedulerOptions { ScoringStrategy = strategy }, new Random(1));

    [Fact]
    public void Schedule_NothingFits_ReasonsCountedPerNodeAndSorted()
    {
        var snapshot = Snapshots.Of(
        [
            new MakeNode("cp").Taint("node-role.kubernetes.io/control-plane", "NoSchedule").Obj(),
            new MakeNode("w1").Capacity("cpu=1,memory=4Gi,pods=110").Obj(),
            new MakeNode("w2").Capacity("cpu=1,memory=4Gi,pods=110").Obj(),
        ]);

        var result = Algorithm().Schedule(new MakePod().Req("cpu=2").Info(), snapshot);

        Assert.Null(result.Node);
        Assert.Equal("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.", result.Message);
        Assert.Equal(["NodeResourcesFit", "TaintToleration"], result.FitError!.Diagnosis.UnschedulablePlugins.Order());
    }

    [Fact]
    public void Schedule_ReasonsSortedAsStrings_TenBeforeTwo()
    {
        var nodes = Enumerable.Range(1, 10).Select(i => new MakeNode($"small-{i}").Capacity("cpu=1,memory=4Gi,pods=110").Obj())
            .Concat(Enumerable.Range(1, 2).Select(i => new MakeNode($"full-{i}").Capacity("cpu=4,memory=4Gi,pods=0").Obj()));

        var result = Algorithm().Schedule(new MakePod().Req("cpu=2").Info(), Snapshots.Of(nodes));

        Assert.Equal("0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.", result.Message);
    }

    [Fact]
    public void Schedule_OneNodeSeveralReasons_EachCounted()
    {
        var result = Algorithm().Schedule(new MakePod().Req("cpu=8,memory=16Gi").Info(), Snapshots.Of([new MakeNode("n").Obj()]));

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.", result.Message);
    }

    [Fact]
    public void Schedule_PreFilterRejects_ItsMessageStandsForEveryNode()
    {
        var snapshot = Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj()]);
        snapshot.Claims["default/data"] = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "default" }, Spec = new V1PersistentVolumeClaimSpec() };

        var result = Algorithm().Schedule(new MakePod().Claim("data").Info(), snapshot);

        Assert.Equal("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.", result.Message);
    }

    [Fact]
    public void Schedule_NodeNameAffinity_OtherNodesCountAsNotSatisfyingThePlugin()
    {
        var snapshot = Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj(), new MakeNode("c").Capacity("cpu=1,memory=1Gi,pods=110").Obj()]);

        var result = Algorithm().Schedule(new MakePod().Req("cpu=2").NodeNameAffinity("c").Info(), snapshot);

        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].", result.Message);
    }

    [Fact]
    public void Schedule_NoNodes_SaysSo()
    {
        var result = Algorithm().Schedule(new MakePod().Info(), Snapshots.Of([]));

        Assert.True(result.NoNodes);
        Assert.Equal("no nodes available to schedule pods", result.Message);
    }

    [Fact]
    public void Schedule_LeastAllocated_ChoosesTheEmptiestNode()
    {
        var snapshot = Snapshots.Of([new MakeNode("busy").Obj(), new MakeNode("idle").Obj()], [new MakePod("e").Req("cpu=3,memory=6Gi").Node("busy").Obj()]);

        Assert.Equal("idle", Algorithm().Schedule(new MakePod().Req("cpu=1,memory=1Gi").Info(), snapshot).Node);
    }

    [Fact]
    public void Schedule_MostAllocated_PacksOntoTheFullerNode()
    {
        var snapshot = Snapshots.Of([new MakeNode("busy").Obj(), new MakeNode("idle").Obj()], [new MakePod("e").Req("cpu=3,memory=6Gi").Node("busy").Obj()]);

        Assert.Equal("busy", Algorithm(ScoringStrategy.MostAllocated).Schedule(new MakePod().Req("cpu=1,memory=1Gi").Info(), snapshot).Node);
    }

    [Fact]
    public void Schedule_TaintWeightOutweighsResources()
    {
        // A PreferNoSchedule taint costs 3 × 100 on the tainted node; its free resources cannot make that up.
        var snapshot = Snapshots.Of([new MakeNode("tainted").Taint("soft", "PreferNoSchedule").Obj(), new MakeNode("busy").Obj()], [new MakePod("e").Req("cpu=3,memory=6Gi").Node("busy").Obj()]);

        Assert.Equal("busy", Algorithm().Schedule(new MakePod().Req("cpu=100m").Info(), snapshot).Node);
    }

    [Fact]
    public void Schedule_NominatedNode_TriedFirst()
    {
        var snapshot = Snapshots.Of([new MakeNode("busy").Obj(), new MakeNode("idle").Obj()], [new MakePod("e").Req("cpu=3").Node("busy").Obj()]);

        var result = Algorithm().Schedule(new MakePod().Req("cpu=500m").NominatedNode("busy").Info(), snapshot);

        Assert.Equal(("busy", 1), (result.Node, result.EvaluatedNodes));
    }

    [Fact]
    public void Schedule_NominatedPods_KeepTheirRoomFromLowerPriorityPods()
    {
        var snapshot = Snapshots.Of([new MakeNode("only").Capacity("cpu=2,memory=4Gi,pods=110").Obj()]);
        snapshot.Nominate(new MakePod("waiting").Req("cpu=2").Priority(100).NominatedNode("only").Info(), "only");

        var lower = Algorithm().Schedule(new MakePod("low").Req("cpu=1").Priority(10).Info(), snapshot);
        var higher = Algorithm().Schedule(new MakePod("high").Req("cpu=1").Priority(1000).Info(), snapshot);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", lower.Message);
        Assert.Equal("only", higher.Node);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(100, 100)]
    [InlineData(1000, 420)]
    [InlineData(5000, 500)]
    [InlineData(10000, 500)]
    public void NumFeasibleNodesToFind_AdaptiveAsKube(int nodes, int expected)
    {
        Assert.Equal(expected, Algorithm().NumFeasibleNodesToFind(nodes));
    }

    [Fact]
    public void Schedule_LargeCluster_StopsAfterEnoughFeasibleNodesAndMovesOn()
    {
        var snapshot = Snapshots.Of(Enumerable.Range(0, 200).Select(i => new MakeNode($"n{i:000}").Obj()));
        var algorithm = new SchedulingAlgorithm(Profile.Default(ScoringStrategy.LeastAllocated), new SchedulerOptions { PercentageOfNodesToScore = 10 }, new Random(1));

        var first = algorithm.Schedule(new MakePod("a").Info(), snapshot);
        var second = algorithm.Schedule(new MakePod("b").Info(), snapshot);

        Assert.Equal((100, 100), (first.EvaluatedNodes, first.FeasibleNodes));
        Assert.True(string.CompareOrdinal(second.Node, "n100") >= 0, $"the second cycle starts after the first's nodes, chose {second.Node}");
    }

    [Fact]
    public void Schedule_RecordScores_EveryFeasibleNodeWithItsPlugins()
    {
        var snapshot = Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj()]);
        var algorithm = new SchedulingAlgorithm(Profile.Default(ScoringStrategy.LeastAllocated), new SchedulerOptions(), new Random(1), recordScores: true);

        var result = algorithm.Schedule(new MakePod().Req("cpu=1").Info(), snapshot);

        Assert.Equal(["a", "b"], result.Scores.Select(s => s.Node).Order());
        Assert.All(result.Scores, s => Assert.Equal(s.Total, s.ByPlugin!.Values.Sum()));
        Assert.Contains("NodeResourcesFit", result.Scores[0].ByPlugin!.Keys);
    }

    [Fact]
    public void Schedule_AFilterItsPreFilterSkips_FiltersNoNode_TheOthersFilterEachNodeInOrder()
    {
        var calls = new List<string>();
        var profile = new Profile([new RecordingFilter("first", calls), new RecordingFilter("skipped", calls, skip: true), new RecordingFilter("last", calls, rejects: "b")], []);
        var algorithm = new SchedulingAlgorithm(profile, new SchedulerOptions(), new Random(1));

        var result = algorithm.Schedule(new MakePod().Info(), Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj()]));

        Assert.Equal("a", result.Node);
        Assert.Equal(["first a", "first b", "last a", "last b"], calls.Order());
        Assert.Equal(calls.IndexOf("first a") + 1, calls.IndexOf("last a"));
        Assert.Equal(calls.IndexOf("first b") + 1, calls.IndexOf("last b"));
    }

    /// <summary>A filter that records each node it filters; it can skip itself in PreFilter and reject one node.</summary>
    private sealed class RecordingFilter(string name, List<string> calls, bool skip = false, string? rejects = null) : IFilterPlugin
    {
        public string Name => name;

        public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) => skip ? PreFilterResult.Skip : PreFilterResult.Success;

        public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
        {
            calls.Add($"{name} {node.Name}");
            return node.Name == rejects ? Status.Unschedulable("rejected") : Status.Success;
        }
    }
}
