using Berth.Controllers.DaemonSets;
using k8s.Models;
using static Berth.Controllers.Tests.DaemonSets.DaemonSetFixtures;

namespace Berth.Controllers.Tests.DaemonSets;

public sealed class DaemonSetPlannerTests
{
    /// <summary>Pods as "NODE STATE [old] [terminating] [age=N]" (STATE: ready, running, pending, failed, succeeded).</summary>
    private static List<V1Pod> Pods(V1DaemonSet ds, string[] pods) => [.. pods.Select(spec =>
    {
        var words = spec.Split(' ');
        var age = words.FirstOrDefault(w => w.StartsWith("age=", StringComparison.Ordinal)) is { } a ? int.Parse(a[4..], System.Globalization.CultureInfo.InvariantCulture) : 10;
        return Pod(ds, words[0], words[1], updated: !words.Contains("old"), age: age, terminating: words.Contains("terminating"));
    })];

    [Theory]
    [InlineData(new string[0], new[] { "create n1", "create n2", "create n3" })]
    [InlineData(new[] { "n1 ready", "n3 pending" }, new[] { "create n2" })]
    [InlineData(new[] { "n1 failed", "n2 succeeded", "n3 ready" }, new[] { "delete agent-n2-new-10", "failed agent-n1-new-10" })]
    [InlineData(new[] { "n1 ready", "n1 ready old age=5", "n2 ready", "n3 ready" }, new[] { "delete agent-n1-old-5" })]
    [InlineData(new[] { "n1 ready terminating", "n2 ready", "n3 ready" }, new string[0])]
    [InlineData(new[] { "n1 failed terminating", "n2 ready", "n3 ready" }, new string[0])]
    public void Manage_OnePodPerNode(string[] pods, string[] expected)
    {
        var ds = DaemonSet();

        Assert.Equal(expected, Describe(DaemonSetPlanner.Manage(ds, NewHash, Nodes(3), Pods(ds, pods), Now)));
    }

    [Fact]
    public void Manage_NodesThatStopFitting_NoExecuteEvicts_NoScheduleKeeps_GoneUnboundDeleted()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["role"] = "edge" };
        var edge = new Dictionary<string, string> { ["role"] = "edge" };
        var nodes = new List<V1Node>
        {
            Node("n1", edge),
            Node("n2"),
            Node("n3", edge, Taint("maintenance", "NoSchedule")),
            Node("n4", edge, Taint("maintenance", "NoExecute")),
            Node("n5", edge, Taint("maintenance", "NoSchedule")),
        };
        var pods = Pods(ds, ["n1 ready", "n2 ready", "n3 ready", "n4 ready", "gone running"]);
        pods[^1].Spec.NodeName = null;

        Assert.Equal(["delete agent-n2-new-10", "delete agent-n4-new-10", "delete agent-gone-new-10"], Describe(DaemonSetPlanner.Manage(ds, NewHash, nodes, pods, Now)));
    }

    [Theory]
    [InlineData(new[] { "n1 ready old age=20", "n1 running age=1", "n2 ready", "n3 ready" }, new string[0])]
    [InlineData(new[] { "n1 ready old age=20", "n1 ready age=2", "n2 ready", "n3 ready" }, new[] { "delete agent-n1-old-20" })]
    [InlineData(new[] { "n1 ready old age=20", "n1 ready old age=5", "n1 ready age=2", "n2 ready", "n3 ready" }, new[] { "delete agent-n1-old-5", "delete agent-n1-old-20" })]
    public void Manage_WithSurge_KeepsOneOldAndOneNewUntilTheNewIsAvailable(string[] pods, string[] expected)
    {
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: "1");

        Assert.Equal(expected, Describe(DaemonSetPlanner.Manage(ds, NewHash, Nodes(3), Pods(ds, pods), Now)));
    }

    [Theory]
    [InlineData("1", new[] { "n1 ready old", "n2 ready old", "n3 ready old" }, new[] { "delete agent-n1-old-10" })]
    [InlineData("2", new[] { "n1 ready old", "n2 ready old", "n3 ready old" }, new[] { "delete agent-n1-old-10", "delete agent-n2-old-10" })]
    [InlineData("50%", new[] { "n1 ready old", "n2 ready old", "n3 ready old" }, new[] { "delete agent-n1-old-10", "delete agent-n2-old-10" })]
    [InlineData("1", new[] { "n1 running", "n2 ready old", "n3 ready old" }, new string[0])]
    [InlineData("1", new[] { "n2 ready old", "n3 ready old" }, new string[0])]
    [InlineData("1", new[] { "n1 ready", "n2 ready old", "n3 running old" }, new[] { "delete agent-n3-old-10", "delete agent-n2-old-10" })]
    [InlineData("1", new[] { "n1 ready", "n2 ready", "n3 ready" }, new string[0])]
    public void RollingUpdate_DeletesOldPodsWithinMaxUnavailable(string maxUnavailable, string[] pods, string[] expected)
    {
        var ds = DaemonSet(maxUnavailable: maxUnavailable);

        Assert.Equal(expected, Describe(DaemonSetPlanner.RollingUpdate(ds, NewHash, Nodes(3), Pods(ds, pods), Now)));
    }

    [Theory]
    [InlineData("1", new[] { "n1 ready old", "n2 ready old", "n3 ready old" }, new[] { "create n1" })]
    [InlineData("1", new[] { "n1 ready old", "n1 running", "n2 ready old", "n3 ready old" }, new string[0])]
    [InlineData("1", new[] { "n1 ready old", "n1 ready", "n2 ready old", "n3 ready old" }, new[] { "create n2", "delete agent-n1-old-10" })]
    [InlineData("1", new[] { "n1 ready old", "n2 running old", "n3 ready old" }, new[] { "create n2", "create n1" })]
    [InlineData("100%", new[] { "n1 ready old", "n2 ready old", "n3 ready old" }, new[] { "create n1", "create n2", "create n3" })]
    public void RollingUpdate_WithSurge_CreatesBesideOldPodsThenDeletesThem(string maxSurge, string[] pods, string[] expected)
    {
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: maxSurge);

        Assert.Equal(expected, Describe(DaemonSetPlanner.RollingUpdate(ds, NewHash, Nodes(3), Pods(ds, pods), Now)));
    }

    [Theory]
    [InlineData("1", "0", 10, 0, 1)]
    [InlineData("10%", "0", 10, 0, 1)]
    [InlineData("11%", "0", 10, 0, 2)]
    [InlineData("0", "0", 10, 0, 1)]
    [InlineData("0", "25%", 10, 3, 0)]
    [InlineData("0", "25%", 0, 0, 1)]
    public void Limits_RoundPercentagesUp_NeverBothZero(string maxUnavailable, string maxSurge, int desired, int surge, int unavailable)
    {
        Assert.Equal((surge, unavailable), DaemonSetPlanner.Limits(DaemonSet(maxUnavailable, maxSurge), desired));
    }

    [Fact]
    public void MinReadySeconds_ANewPodReadyTooShortlyHoldsTheRollout()
    {
        var ds = DaemonSet(minReadySeconds: 120);
        var pods = Pods(ds, ["n1 ready", "n2 ready old", "n3 ready old"]);
        pods[1].Status.Conditions[0].LastTransitionTime = pods[2].Status.Conditions[0].LastTransitionTime = Now.AddHours(-1);

        Assert.Empty(Describe(DaemonSetPlanner.RollingUpdate(ds, NewHash, Nodes(3), pods, Now)));
        Assert.Single(Describe(DaemonSetPlanner.RollingUpdate(ds, NewHash, Nodes(3), pods, Now.AddMinutes(2))));
    }
}
