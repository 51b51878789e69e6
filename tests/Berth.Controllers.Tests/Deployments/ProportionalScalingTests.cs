using Berth.Controllers.Deployments;
using k8s.Models;

namespace Berth.Controllers.Tests.Deployments;

public sealed class ProportionalScalingTests
{
    private static V1ReplicaSet ReplicaSet(string name, int replicas, int maxReplicas, int minutesOld, int available = 0) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(-minutesOld),
            Annotations = new Dictionary<string, string> { [RevisionAnnotations.MaxReplicas] = maxReplicas.ToString(), [RevisionAnnotations.DesiredReplicas] = "10" },
        },
        Spec = new V1ReplicaSetSpec { Replicas = replicas },
        Status = new V1ReplicaSetStatus { AvailableReplicas = available },
    };

    [Fact]
    public void Plan_OneActiveReplicaSet_TakesTheNewSize()
    {
        var d = RolloutMathTests.Deployment(5, "1", "1");

        var plan = ProportionalScaling.Plan(d, ReplicaSet("new", 3, 4, 1), [ReplicaSet("old", 0, 4, 10)]);

        Assert.Equal(new Dictionary<string, int> { ["new"] = 5 }, plan);
    }

    [Fact]
    public void Plan_MidRollout_SpreadsTheChangeInProportion()
    {
        // kube's example: 10 replicas with maxSurge 3 mid-rollout (old 8, new 5), scaled to 15 (+2 surge).
        var d = RolloutMathTests.Deployment(15, "3", "2");

        var plan = ProportionalScaling.Plan(d, ReplicaSet("new", 5, 13, 1), [ReplicaSet("old", 8, 13, 10)]);

        Assert.Equal(18, plan.Values.Sum());
        Assert.Equal(new Dictionary<string, int> { ["old"] = 11, ["new"] = 7 }, plan);
    }

    [Fact]
    public void Plan_ScaledToZero_EmptiesEveryReplicaSet()
    {
        var d = RolloutMathTests.Deployment(0, "1", "1");

        var plan = ProportionalScaling.Plan(d, ReplicaSet("new", 2, 4, 1), [ReplicaSet("old", 2, 4, 10)]);

        Assert.Equal(new Dictionary<string, int> { ["old"] = 0, ["new"] = 0 }, plan);
    }
}
