using Berth.Scheduler.Plugins.InterPodAffinity;
using k8s.Models;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>After kube's interpodaffinity filtering_test.go and scoring_test.go.</summary>
public class InterPodAffinityTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const string Zone = "topology.kubernetes.io/zone";
    private const string AffinityReason = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
    private const string AntiAffinityReason = "Unschedulable: node(s) didn't match pod anti-affinity rules";
    private const string ExistingReason = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

    private static readonly V1Node[] ThreeNodes =
    [
        new MakeNode("node1").Zone("a").Obj(),
        new MakeNode("node2").Zone("a").Obj(),
        new MakeNode("node3").Zone("b").Obj(),
    ];

    [Fact]
    public void Filter_Affinity_OnlyTheDomainWithAMatchingPod()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("db").Label("app", "db").Node("node1").Obj()]);

        var byHost = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAffinity(Hostname, "app", "db").Info(), snapshot);
        var byZone = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAffinity(Zone, "app", "db").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = "", ["node2"] = AffinityReason, ["node3"] = AffinityReason }, byHost);
        Assert.Equal(new Dictionary<string, string> { ["node1"] = "", ["node2"] = "", ["node3"] = AffinityReason }, byZone);
    }

    [Fact]
    public void Filter_Affinity_FirstPodOfItsGroupMatchingItselfFits()
    {
        var snapshot = Snapshots.Of(ThreeNodes);

        var self = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().Label("app", "web").PodAffinity(Zone, "app", "web").Info(), snapshot);
        var other = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().Label("app", "web").PodAffinity(Zone, "app", "db").Info(), snapshot);

        Assert.All(self.Values, status => Assert.Equal("", status));
        Assert.All(other.Values, status => Assert.Equal(AffinityReason, status));
    }

    [Fact]
    public void Filter_Affinity_NodeWithoutTheTopologyKeyFails()
    {
        var snapshot = Snapshots.Of([new MakeNode("zoned").Zone("a").Obj(), new MakeNode("bare").Obj()], [new MakePod("db").Label("app", "db").Node("zoned").Obj()]);

        var statuses = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAffinity(Zone, "app", "db").Info(), snapshot);

        Assert.Equal(AffinityReason, statuses["bare"]);
    }

    [Fact]
    public void Filter_AntiAffinity_TheWholeDomainOfAMatchingPod()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("web-1").Label("app", "web").Node("node1").Obj()]);

        var statuses = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().Label("app", "web").PodAntiAffinity(Zone, "app", "web").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = AntiAffinityReason, ["node2"] = AntiAffinityReason, ["node3"] = "" }, statuses);
    }

    [Fact]
    public void Filter_ExistingPodsAntiAffinity_KeepsMatchingPodsAway()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("loner").PodAntiAffinity(Hostname, "app", "web").Node("node2").Obj()]);

        var statuses = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().Label("app", "web").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = "", ["node2"] = ExistingReason, ["node3"] = "" }, statuses);
    }

    [Fact]
    public void Filter_AntiAffinity_NamespacesLimitTheTerm()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("web-1", "prod").Label("app", "web").Node("node1").Obj()]);

        var ownNamespace = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAntiAffinity(Hostname, "app", "web").Info(), snapshot);
        var listed = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAntiAffinity(Hostname, "app", "web", namespaces: ["prod"]).Info(), snapshot);

        Assert.Equal("", ownNamespace["node1"]);
        Assert.Equal(AntiAffinityReason, listed["node1"]);
    }

    [Fact]
    public void Filter_AntiAffinity_NamespaceSelectorReadsNamespaceLabels()
    {
        V1Namespace[] namespaces =
        [
            new() { Metadata = new V1ObjectMeta { Name = "default" } },
            new() { Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "a" } } },
            new() { Metadata = new V1ObjectMeta { Name = "team-b", Labels = new Dictionary<string, string> { ["team"] = "b" } } },
        ];
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("web-a", "team-a").Label("app", "web").Node("node1").Obj(), new MakePod("web-b", "team-b").Label("app", "web").Node("node3").Obj()], namespaces);
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } };

        var statuses = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAntiAffinity(Hostname, "app", "web", namespaceSelector: selector).Info(), snapshot);
        var everyNamespace = PluginRun.Filter(new InterPodAffinityPlugin(), new MakePod().PodAntiAffinity(Hostname, "app", "web", namespaceSelector: new V1LabelSelector()).Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = AntiAffinityReason, ["node2"] = "", ["node3"] = "" }, statuses);
        Assert.Equal(new Dictionary<string, string> { ["node1"] = AntiAffinityReason, ["node2"] = "", ["node3"] = AntiAffinityReason }, everyNamespace);
    }

    [Fact]
    public void Score_PreferredAffinity_DomainsWithMatchingPodsWin()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("db").Label("app", "db").Node("node1").Obj()]);

        var scores = PluginRun.Scores(new InterPodAffinityPlugin(), new MakePod().PreferredPodAffinity(5, Zone, "app", "db").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 100, ["node2"] = 100, ["node3"] = 0 }, scores);
    }

    [Fact]
    public void Score_PreferredAntiAffinity_DomainsWithMatchingPodsLose()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("db").Label("app", "db").Node("node1").Obj()]);

        var scores = PluginRun.Scores(new InterPodAffinityPlugin(), new MakePod().PreferredPodAntiAffinity(5, Zone, "app", "db").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 0, ["node2"] = 0, ["node3"] = 100 }, scores);
    }

    [Fact]
    public void Score_ExistingPodsTerms_CountForTheIncomingPod()
    {
        // node1's pod requires affinity to app=web (hard weight 1); node3's pod prefers app=web with weight 3.
        var snapshot = Snapshots.Of(ThreeNodes,
        [
            new MakePod("needs-web").PodAffinity(Hostname, "app", "web").Node("node1").Obj(),
            new MakePod("likes-web").PreferredPodAffinity(3, Hostname, "app", "web").Node("node3").Obj(),
        ]);

        var scores = PluginRun.Scores(new InterPodAffinityPlugin(), new MakePod().Label("app", "web").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 33, ["node2"] = 0, ["node3"] = 100 }, scores);
    }

    [Fact]
    public void Score_NoAffinityAnywhere_AllZero()
    {
        var snapshot = Snapshots.Of(ThreeNodes, [new MakePod("db").Label("app", "db").Node("node1").Obj()]);

        var scores = PluginRun.Scores(new InterPodAffinityPlugin(), new MakePod().Info(), snapshot);

        Assert.All(scores.Values, score => Assert.Equal(0, score));
    }
}
