using Berth.Controllers.StatefulSets;
using static Berth.Controllers.Tests.StatefulSets.StatefulSetFixtures;

namespace Berth.Controllers.Tests.StatefulSets;

public sealed class StatefulSetPlannerTests
{
    /// <summary>Pods by state: "ready", "running" (not ready), "pending", "failed", "succeeded", "-" for none, "terminating".</summary>
    private static StatefulSetPlan Plan(int replicas, string policy, params string[] states)
    {
        var set = Set(replicas, policy);
        var pods = states.Select((state, ordinal) => (state, ordinal)).Where(p => p.state != "-")
            .Select(p => Pod(set, p.ordinal, p.state == "terminating" ? "ready" : p.state, terminating: p.state == "terminating"));
        return StatefulSetPlanner.Plan(Snapshot(set, pods));
    }

    [Theory]
    [InlineData(3, new string[0], new[] { "create web-0" })]
    [InlineData(3, new[] { "pending" }, new string[0])]
    [InlineData(3, new[] { "running" }, new string[0])]
    [InlineData(3, new[] { "ready" }, new[] { "create web-1" })]
    [InlineData(3, new[] { "ready", "ready" }, new[] { "create web-2" })]
    [InlineData(3, new[] { "ready", "-", "ready" }, new[] { "create web-1" })]
    [InlineData(3, new[] { "failed", "ready", "ready" }, new[] { "delete web-0 (Finished)" })]
    [InlineData(3, new[] { "ready", "succeeded", "-" }, new[] { "delete web-1 (Finished)" })]
    [InlineData(2, new[] { "ready", "ready", "ready", "ready" }, new[] { "delete web-3 (ScaledDown)" })]
    [InlineData(2, new[] { "ready", "ready", "ready", "terminating" }, new string[0])]
    [InlineData(2, new[] { "ready", "running", "ready" }, new string[0])]
    [InlineData(2, new[] { "ready", "ready", "running" }, new[] { "delete web-2 (ScaledDown)" })]
    [InlineData(0, new[] { "ready", "ready" }, new[] { "delete web-1 (ScaledDown)" })]
    public void OrderedReady_OneStepAtATimeInOrdinalOrder(int replicas, string[] pods, string[] expected)
    {
        Assert.Equal(expected, Describe(Plan(replicas, "OrderedReady", pods)));
    }

    [Theory]
    [InlineData(3, new string[0], new[] { "create web-0", "create web-1", "create web-2" })]
    [InlineData(3, new[] { "running", "-", "pending" }, new[] { "create web-1" })]
    [InlineData(3, new[] { "failed", "-", "ready" }, new[] { "delete web-0 (Finished)", "create web-1" })]
    [InlineData(1, new[] { "running", "running", "terminating", "ready" }, new[] { "delete web-3 (ScaledDown)", "delete web-1 (ScaledDown)" })]
    public void Parallel_EverythingAtOnce(int replicas, string[] pods, string[] expected)
    {
        Assert.Equal(expected, Describe(Plan(replicas, "Parallel", pods)));
    }

    [Fact]
    public void OrderedReady_StopsAfterTheStageThatWaits()
    {
        var plan = Plan(3, "OrderedReady", "ready", "running");

        var stage = Assert.Single(plan.Stages);
        Assert.Equal(("replicas", true, true), (stage.Name, stage.OneAtATime, stage.StopAfter));
    }

    [Theory]
    // partition, revisions of web-0..2 (1 = current, 2 = update) → the pod the update deletes now
    [InlineData(0, "111", "delete web-2 (Update)")]
    [InlineData(0, "112", "delete web-1 (Update)")]
    [InlineData(0, "122", "delete web-0 (Update)")]
    [InlineData(0, "222", null)]
    [InlineData(2, "112", null)]
    [InlineData(1, "112", "delete web-1 (Update)")]
    [InlineData(3, "111", null)]
    public void RollingUpdate_HighestOutdatedOrdinalAtOrAbovePartition(int partition, string revisions, string? expected)
    {
        var set = Set(3, partition: partition);
        var pods = revisions.Select((r, ordinal) => Pod(set, ordinal, revision: $"rev-{r}"));

        var plan = StatefulSetPlanner.Plan(Snapshot(set, pods, update: "rev-2"));

        Assert.Equal(expected is null ? [] : [expected], Describe(plan));
    }

    [Fact]
    public void RollingUpdate_WaitsForTheReplacedPodToBeAvailable()
    {
        var set = Set(3);
        var pods = new[] { Pod(set, 0, revision: "rev-1"), Pod(set, 1, revision: "rev-1"), Pod(set, 2, "running", revision: "rev-2") };

        Assert.Empty(Describe(StatefulSetPlanner.Plan(Snapshot(set, pods, update: "rev-2"))));
    }

    [Fact]
    public void OnDelete_LeavesOutdatedPodsAlone()
    {
        var set = Set(2, strategy: "OnDelete", partition: null);
        var pods = new[] { Pod(set, 0, revision: "rev-1"), Pod(set, 1, revision: "rev-1") };

        Assert.Empty(Describe(StatefulSetPlanner.Plan(Snapshot(set, pods, update: "rev-2"))));
    }

    [Theory]
    // partition, missing ordinal → the revision its new pod is made from
    [InlineData(2, 0, "rev-1")]
    [InlineData(2, 2, "rev-2")]
    [InlineData(0, 0, "rev-2")]
    public void NewPods_BelowThePartitionComeFromTheCurrentRevision(int partition, int missing, string expected)
    {
        var set = Set(3, policy: "Parallel", partition: partition);
        var pods = Enumerable.Range(0, 3).Where(o => o != missing).Select(o => Pod(set, o, revision: o < partition ? "rev-1" : "rev-2"));

        var created = Assert.IsType<StatefulPodAction.Create>(StatefulSetPlanner.Plan(Snapshot(set, pods, update: "rev-2")).Actions.First());

        Assert.Equal((expected, expected == "rev-1" ? "v1" : "v2"), (StatefulPodIdentity.Revision(created.Pod), created.Pod.Spec.Containers[0].Image));
    }

    [Fact]
    public void ScaleDown_WithWhenScaledDelete_GivesTheClaimToThePodBeforeDeletingIt()
    {
        var set = Set(1, whenScaled: "Delete");
        var pods = new[] { Pod(set, 0), Pod(set, 1) };

        var plan = StatefulSetPlanner.Plan(Snapshot(set, pods));

        Assert.Equal(["retain claims of web-1", "delete web-1 (ScaledDown)"], Describe(plan));
    }

    [Fact]
    public void NewPod_WaitsWhileAScaledAwayPodsClaimIsStillToBeDeleted()
    {
        var set = Set(2, whenScaled: "Delete");
        var old = Pod(set, 1);
        var claims = new[] { Claim("data-web-0"), Claim("data-web-1", PodRef(old, uid: "gone-pod")) };

        var plan = StatefulSetPlanner.Plan(Snapshot(set, [Pod(set, 0)], claims: claims));

        Assert.Empty(Describe(plan));
    }

    [Fact]
    public void PendingPod_MissingItsClaim_IsRepaired()
    {
        var set = Set(1);

        var plan = StatefulSetPlanner.Plan(Snapshot(set, [Pod(set, 0, "pending")], claims: []));

        Assert.Equal(["repair web-0"], Describe(plan));
    }

    [Fact]
    public void Pod_WithoutItsIdentityLabel_IsRepaired()
    {
        var set = Set(1);
        var pod = Pod(set, 0);
        pod.Metadata.Labels.Remove(StatefulPodIdentity.PodNameLabel);

        Assert.Equal(["repair web-0"], Describe(StatefulSetPlanner.Plan(Snapshot(set, [pod]))));
    }

    [Fact]
    public void DeletingSet_OnlyReportsStatus()
    {
        var set = Set(3);
        set.Metadata.DeletionTimestamp = Now;

        var plan = StatefulSetPlanner.Plan(Snapshot(set, [Pod(set, 0)]));

        Assert.Empty(plan.Stages);
        Assert.Equal(1, plan.Status.Replicas);
    }
}
