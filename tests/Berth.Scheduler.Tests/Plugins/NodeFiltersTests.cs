using Berth.Scheduler.Plugins.NodeAffinity;
using Berth.Scheduler.Plugins.NodeName;
using Berth.Scheduler.Plugins.NodePorts;
using Berth.Scheduler.Plugins.NodeUnschedulable;
using Berth.Scheduler.Plugins.TaintToleration;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>NodeUnschedulable, NodeName, TaintToleration, NodeAffinity and NodePorts, after their kube plugin tests.</summary>
public class NodeFiltersTests
{
    [Fact]
    public void NodeUnschedulable_CordonedNode_RejectedUnlessTolerated()
    {
        var snapshot = Snapshots.Of([new MakeNode("cordoned").Unschedulable().Obj(), new MakeNode("open").Obj()]);

        var plain = PluginRun.Filter(new NodeUnschedulablePlugin(), new MakePod().Info(), snapshot);
        var tolerating = PluginRun.Filter(new NodeUnschedulablePlugin(), new MakePod().Toleration("node.kubernetes.io/unschedulable", effect: "NoSchedule").Info(), snapshot);

        Assert.Equal("UnschedulableAndUnresolvable: node(s) were unschedulable", plain["cordoned"]);
        Assert.Equal("", plain["open"]);
        Assert.Equal("", tolerating["cordoned"]);
    }

    [Fact]
    public void NodeName_OtherNode_Rejected()
    {
        var snapshot = Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj()]);

        var statuses = PluginRun.Filter(new NodeNamePlugin(), new MakePod().Node("a").Info(), snapshot);

        Assert.Equal("", statuses["a"]);
        Assert.Equal("UnschedulableAndUnresolvable: node(s) didn't match the requested node name", statuses["b"]);
    }

    public static TheoryData<string, MakePod, string> TaintCases => new()
    {
        { "no tolerations", new MakePod(), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: user1}" },
        { "tolerates with Equal", new MakePod().Toleration("dedicated", "Equal", "user1", "NoSchedule"), "" },
        { "another value", new MakePod().Toleration("dedicated", "Equal", "user2", "NoSchedule"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: user1}" },
        { "Exists without effect", new MakePod().Toleration("dedicated"), "" },
        { "another effect", new MakePod().Toleration("dedicated", effect: "NoExecute"), "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: user1}" },
    };

    [Theory]
    [MemberData(nameof(TaintCases))]
    public void TaintToleration_Filter_RejectsUntoleratedNoSchedule(string name, MakePod pod, string expected)
    {
        var snapshot = Snapshots.Of([new MakeNode("n").Taint("dedicated", "NoSchedule", "user1").Taint("soft", "PreferNoSchedule").Obj()]);

        Assert.True(expected == PluginRun.Filter(new TaintTolerationPlugin(), pod.Info(), snapshot)["n"], name);
    }

    [Fact]
    public void TaintToleration_Filter_ControlPlaneTaintWithoutValue_WordedAsKube()
    {
        var snapshot = Snapshots.Of([new MakeNode("cp").Taint("node-role.kubernetes.io/control-plane", "NoSchedule").Obj()]);

        Assert.Equal("UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", PluginRun.Filter(new TaintTolerationPlugin(), new MakePod().Info(), snapshot)["cp"]);
    }

    [Fact]
    public void TaintToleration_Score_FewerUntoleratedPreferNoScheduleIsBetter()
    {
        // After taint_toleration_test.go "the more intolerable taints a node has, the lower score it gets".
        var snapshot = Snapshots.Of(
        [
            new MakeNode("node1").Obj(),
            new MakeNode("node2").Taint("cpu-type", "PreferNoSchedule", "arm64").Obj(),
            new MakeNode("node3").Taint("cpu-type", "PreferNoSchedule", "arm64").Taint("disk-type", "PreferNoSchedule", "ssd").Obj(),
            new MakeNode("node4").Taint("foo", "PreferNoSchedule", "bar").Obj(),
        ]);
        var pod = new MakePod().Toleration("foo", "Equal", "bar", "PreferNoSchedule").Info();

        var scores = PluginRun.Scores(new TaintTolerationPlugin(), pod, snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 100, ["node2"] = 50, ["node3"] = 0, ["node4"] = 100 }, scores);
    }

    [Fact]
    public void NodeAffinity_Filter_NodeSelectorAndRequiredTerms()
    {
        var snapshot = Snapshots.Of([new MakeNode("a").Label("disk", "ssd").Obj(), new MakeNode("b").Label("disk", "hdd").Obj()]);

        var bySelector = PluginRun.Filter(new NodeAffinityPlugin(), new MakePod().NodeSelector("disk", "ssd").Info(), snapshot);
        var byAffinity = PluginRun.Filter(new NodeAffinityPlugin(), new MakePod().NodeAffinityIn("disk", "hdd").Info(), snapshot);

        Assert.Equal("", bySelector["a"]);
        Assert.Equal("UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector", bySelector["b"]);
        Assert.Equal("UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector", byAffinity["a"]);
        Assert.Equal("", byAffinity["b"]);
    }

    [Fact]
    public void NodeAffinity_PreFilter_NameFieldNarrowsNodes()
    {
        var plugin = new NodeAffinityPlugin();
        var state = new Berth.Scheduler.Framework.CycleState(Berth.Scheduler.Plugins.CycleSlots.Count, 1);

        var result = plugin.PreFilter(state, new MakePod().NodeNameAffinity("b").Info(), Snapshots.Of([new MakeNode("a").Obj(), new MakeNode("b").Obj()]));

        Assert.Equal(["b"], result.NodeNames!);
    }

    [Fact]
    public void NodeAffinity_Score_SumsPreferredWeightsScaledToTheBest()
    {
        var snapshot = Snapshots.Of(
        [
            new MakeNode("n1").Zone("a").Obj(),
            new MakeNode("n2").Zone("a").Label("foo", "bar").Obj(),
            new MakeNode("n3").Obj(),
        ]);
        var pod = new MakePod().PreferredNodeAffinity(2, "topology.kubernetes.io/zone", "a").PreferredNodeAffinity(5, "foo", "bar").Info();

        var scores = PluginRun.Scores(new NodeAffinityPlugin(), pod, snapshot);

        Assert.Equal(new Dictionary<string, long> { ["n1"] = 28, ["n2"] = 100, ["n3"] = 0 }, scores);
    }

    public static TheoryData<string, MakePod, MakePod, string> PortCases => new()
    {
        { "same port and protocol", new MakePod().HostPort(8080), new MakePod("e").HostPort(8080), "Unschedulable: node(s) didn't have free ports for the requested pod ports" },
        { "other protocol", new MakePod().HostPort(8080, "UDP"), new MakePod("e").HostPort(8080), "" },
        { "other port", new MakePod().HostPort(8081), new MakePod("e").HostPort(8080), "" },
        { "any address against one address", new MakePod().HostPort(8080), new MakePod("e").HostPort(8080, ip: "127.0.0.1"), "Unschedulable: node(s) didn't have free ports for the requested pod ports" },
        { "one address against any address", new MakePod().HostPort(8080, ip: "127.0.0.1"), new MakePod("e").HostPort(8080), "Unschedulable: node(s) didn't have free ports for the requested pod ports" },
        { "two different addresses", new MakePod().HostPort(8080, ip: "127.0.0.2"), new MakePod("e").HostPort(8080, ip: "127.0.0.1"), "" },
    };

    [Theory]
    [MemberData(nameof(PortCases))]
    public void NodePorts_Filter_RejectsPortsInUse(string name, MakePod pod, MakePod existing, string expected)
    {
        var snapshot = Snapshots.Of([new MakeNode("n").Obj()], [existing.Node("n").Obj()]);

        Assert.True(expected == PluginRun.Filter(new NodePortsPlugin(), pod.Info(), snapshot)["n"], name);
    }
}
