using Berth.Scheduler.Plugins.PodTopologySpread;
using k8s.Models;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>After kube's podtopologyspread filtering_test.go and scoring_test.go (the score cases are theirs, with their expected scores).</summary>
public class PodTopologySpreadTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const string Skew = "Unschedulable: node(s) didn't match pod topology spread constraints";
    private const string Missing = "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

    private static V1Node Node(string name, string zone) => new MakeNode(name).Label("zone", zone).Obj();

    private static V1Pod[] Pods(params (string Name, string Node)[] pods) =>
        [.. pods.Select(p => new MakePod(p.Name).Label("foo", "").Node(p.Node).Obj())];

    [Fact]
    public void Filter_Zones_OnlyDomainsWithinMaxSkew()
    {
        // zone1 has 2 matching pods, zone2 has 1: adding to zone1 makes a skew of 2.
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-b", "zone1"), Node("node-x", "zone2"), Node("node-y", "zone2")], Pods(("p-a1", "node-a"), ("p-b1", "node-b"), ("p-x1", "node-x")));

        var statuses = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node-a"] = Skew, ["node-b"] = Skew, ["node-x"] = "", ["node-y"] = "" }, statuses);
    }

    [Fact]
    public void Filter_NodeWithoutTheKey_FailsUnresolvably()
    {
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), new MakeNode("bare").Obj()]);

        var statuses = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "").Info(), snapshot);

        Assert.Equal(Missing, statuses["bare"]);
        Assert.Equal("", statuses["node-a"]);
    }

    [Fact]
    public void Filter_PodNotMatchingItsOwnSelector_AddsNothingToTheSkew()
    {
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")], Pods(("p-a1", "node-a")));

        var statuses = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Spread(1, "zone", "DoNotSchedule", "foo", "").Info(), snapshot);

        Assert.Equal("", statuses["node-a"]);
    }

    [Fact]
    public void Filter_MinDomains_GlobalMinimumIsZeroWhileDomainsAreMissing()
    {
        // Two zones with 1 pod each: with minDomains 3 the minimum counts as 0, so 1 + 1 - 0 > 1 everywhere.
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")], Pods(("p-a1", "node-a"), ("p-x1", "node-x")));

        var plain = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "").Info(), snapshot);
        var minDomains = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "", minDomains: 3).Info(), snapshot);

        Assert.All(plain.Values, status => Assert.Equal("", status));
        Assert.All(minDomains.Values, status => Assert.Equal(Skew, status));
    }

    [Fact]
    public void Filter_NodeAffinityPolicy_HonorLeavesOutDomainsThePodCannotReach()
    {
        // zone2 is empty but outside the pod's node selector: Honor (the default) ignores it, Ignore counts it as the minimum.
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")], Pods(("p-a1", "node-a")));
        MakePod Pod(string? policy) => new MakePod().Label("foo", "").NodeSelector("zone", "zone1").Spread(1, "zone", "DoNotSchedule", "foo", "", nodeAffinityPolicy: policy);

        Assert.Equal("", PluginRun.Filter(new PodTopologySpreadPlugin(), Pod(null).Info(), snapshot)["node-a"]);
        Assert.Equal(Skew, PluginRun.Filter(new PodTopologySpreadPlugin(), Pod("Ignore").Info(), snapshot)["node-a"]);
    }

    [Fact]
    public void Filter_NodeTaintsPolicy_HonorLeavesOutTaintedNodes()
    {
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), new MakeNode("node-x").Label("zone", "zone2").Taint("dedicated", "NoSchedule").Obj()], Pods(("p-a1", "node-a")));
        MakePod Pod(string? policy) => new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "", nodeTaintsPolicy: policy);

        Assert.Equal(Skew, PluginRun.Filter(new PodTopologySpreadPlugin(), Pod(null).Info(), snapshot)["node-a"]);
        Assert.Equal("", PluginRun.Filter(new PodTopologySpreadPlugin(), Pod("Honor").Info(), snapshot)["node-a"]);
    }

    [Fact]
    public void Filter_TerminatingAndOtherNamespacePods_NotCounted()
    {
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")],
        [
            new MakePod("gone").Label("foo", "").Node("node-a").Terminating().Obj(),
            new MakePod("elsewhere", "other").Label("foo", "").Node("node-a").Obj(),
        ]);

        var statuses = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "").Info(), snapshot);

        Assert.Equal("", statuses["node-a"]);
    }

    [Fact]
    public void Filter_MatchLabelKeys_CountsOnlyPodsWithTheSameValues()
    {
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")],
        [
            new MakePod("old-1").Label("foo", "").Label("rev", "1").Node("node-a").Obj(),
            new MakePod("old-2").Label("foo", "").Label("rev", "1").Node("node-a").Obj(),
        ]);

        var statuses = PluginRun.Filter(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Label("rev", "2").Spread(1, "zone", "DoNotSchedule", "foo", "", matchLabelKeys: ["rev"]).Info(), snapshot);

        Assert.Equal("", statuses["node-a"]);
    }

    [Fact]
    public void Filter_AddPod_PreemptionWhatIfMovesTheCounts()
    {
        var plugin = new PodTopologySpreadPlugin();
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-x", "zone2")], Pods(("p-a1", "node-a")));
        var pod = new MakePod().Label("foo", "").Spread(1, "zone", "DoNotSchedule", "foo", "").Info();
        var state = new Berth.Scheduler.Framework.CycleState(Berth.Scheduler.Plugins.CycleSlots.Count, 1);
        plugin.PreFilter(state, pod, snapshot);

        plugin.RemovePod(state, pod, snapshot.Nodes[0].Pods[0], snapshot.Get("node-a")!, snapshot);

        Assert.True(plugin.Filter(state, pod, snapshot.Get("node-a")!).IsSuccess);
        plugin.AddPod(state, pod, new MakePod("p-x1").Label("foo", "").Node("node-x").Info(), snapshot.Get("node-x")!, snapshot);
        plugin.AddPod(state, pod, new MakePod("p-x2").Label("foo", "").Node("node-x").Info(), snapshot.Get("node-x")!, snapshot);
        Assert.False(plugin.Filter(state, pod, snapshot.Get("node-x")!).IsSuccess);
    }

    public static TheoryData<string, int, (string, string)[], Dictionary<string, long>> HostnameScores => new()
    {
        { "maxSkew=2, pods 2/1/0/3", 2, [("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-d1", "node-d"), ("p-d2", "node-d"), ("p-d3", "node-d")], new() { ["node-a"] = 33, ["node-b"] = 66, ["node-c"] = 100, ["node-d"] = 16 } },
        { "maxSkew=3, pods 4/3/2/1", 3, [("p-a1", "node-a"), ("p-a2", "node-a"), ("p-a3", "node-a"), ("p-a4", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-b3", "node-b"), ("p-c1", "node-c"), ("p-c2", "node-c"), ("p-d1", "node-d")], new() { ["node-a"] = 44, ["node-b"] = 66, ["node-c"] = 77, ["node-d"] = 100 } },
    };

    [Theory]
    [MemberData(nameof(HostnameScores))]
    public void Score_OneConstraintOnHostname_AsKubeScores(string name, int maxSkew, (string, string)[] pods, Dictionary<string, long> expected)
    {
        var snapshot = Snapshots.Of([new MakeNode("node-a").Obj(), new MakeNode("node-b").Obj(), new MakeNode("node-c").Obj(), new MakeNode("node-d").Obj()], Pods(pods));

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(maxSkew, Hostname, "ScheduleAnyway", "foo", "").Info(), snapshot);

        Assert.True(expected.OrderBy(e => e.Key).SequenceEqual(scores.OrderBy(s => s.Key)), $"{name}: {string.Join(", ", scores)}");
    }

    [Fact]
    public void Score_ZoneConstraint_CountsEveryNodeOfTheDomain()
    {
        // "one constraint on zone, 3 out of 4 nodes are candidates": pods 4/2/1/~3~.
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-b", "zone1"), Node("node-x", "zone2"), Node("node-y", "zone2")],
            Pods(("p-a1", "node-a"), ("p-a2", "node-a"), ("p-a3", "node-a"), ("p-a4", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-x1", "node-x"), ("p-y1", "node-y"), ("p-y2", "node-y"), ("p-y3", "node-y")));

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Spread(1, "zone", "ScheduleAnyway", "foo", "").Info(), snapshot, "node-a", "node-b", "node-x");

        Assert.Equal(new Dictionary<string, long> { ["node-a"] = 75, ["node-b"] = 75, ["node-x"] = 100 }, scores);
    }

    [Fact]
    public void Score_ZoneAndHostnameConstraints_AsKubeScores()
    {
        // "two Constraints on zone and node, 2 out of 4 nodes are candidates": pods 2/~1~/2/~4~.
        var snapshot = Snapshots.Of([Node("node-a", "zone1"), Node("node-b", "zone1"), Node("node-x", "zone2"), Node("node-y", "zone2")],
            Pods(("p-a1", "node-a"), ("p-a2", "node-a"), ("p-b1", "node-b"), ("p-x1", "node-x"), ("p-x2", "node-x"), ("p-y1", "node-y"), ("p-y2", "node-y"), ("p-y3", "node-y"), ("p-y4", "node-y")));
        var pod = new MakePod().Label("foo", "").Spread(1, "zone", "ScheduleAnyway", "foo", "").Spread(1, Hostname, "ScheduleAnyway", "foo", "").Info();

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), pod, snapshot, "node-a", "node-x");

        Assert.Equal(new Dictionary<string, long> { ["node-a"] = 100, ["node-x"] = 63 }, scores);
    }

    [Fact]
    public void Score_SystemDefaults_SpreadPodsASelectingServiceCovers()
    {
        // "system defaulting, nodes don't have zone, pods match service": same as maxSkew=3 by hostname.
        var snapshot = Snapshots.Of([new MakeNode("node-a").Obj(), new MakeNode("node-b").Obj(), new MakeNode("node-c").Obj(), new MakeNode("node-d").Obj()],
            Pods(("p-a1", "node-a"), ("p-a2", "node-a"), ("p-a3", "node-a"), ("p-a4", "node-a"), ("p-b1", "node-b"), ("p-b2", "node-b"), ("p-b3", "node-b"), ("p-c1", "node-c"), ("p-c2", "node-c"), ("p-d1", "node-d")));
        snapshot.Workloads.UpsertService(new V1Service { Metadata = new V1ObjectMeta { Name = "svc", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["foo"] = "" } } });

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node-a"] = 44, ["node-b"] = 66, ["node-c"] = 77, ["node-d"] = 100 }, scores);
    }

    [Fact]
    public void Score_SystemDefaults_NothingSelectsThePod_Skipped()
    {
        var snapshot = Snapshots.Of([new MakeNode("node-a").Obj(), new MakeNode("node-b").Obj()], Pods(("p-a1", "node-a")));

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), new MakePod().Label("foo", "").Info(), snapshot);

        Assert.All(scores.Values, score => Assert.Equal(0, score));
    }

    [Fact]
    public void Score_SystemDefaults_ReplicaSetOwnerSelector()
    {
        var snapshot = Snapshots.Of([new MakeNode("node-a").Obj(), new MakeNode("node-b").Obj()], [new MakePod("p-a1").Label("app", "web").OwnedBy("ReplicaSet", "web-1").Node("node-a").Obj()]);
        snapshot.Workloads.ReplicaSets["default/web-1"] = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default" },
            Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
        };

        var scores = PluginRun.Scores(new PodTopologySpreadPlugin(), new MakePod().Label("app", "web").OwnedBy("ReplicaSet", "web-1").Info(), snapshot);

        Assert.True(scores["node-b"] > scores["node-a"], string.Join(", ", scores));
    }
}
