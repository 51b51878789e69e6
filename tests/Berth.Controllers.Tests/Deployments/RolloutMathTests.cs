using Berth.Controllers.Deployments;
using k8s.Models;

namespace Berth.Controllers.Tests.Deployments;

public sealed class RolloutMathTests
{
    [Theory]
    [InlineData("25%", "25%", 10, 3, 2)]
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("0", "0", 5, 0, 1)]
    [InlineData("0%", "0%", 5, 0, 1)]
    [InlineData("2", "1", 4, 2, 1)]
    [InlineData("50%", "33%", 7, 4, 2)]
    [InlineData("1%", "99%", 3, 1, 2)]
    public void Fenceposts_RoundSurgeUpAndUnavailableDown(string surge, string unavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        Assert.Equal((expectedSurge, expectedUnavailable), RolloutMath.Fenceposts(surge, unavailable, replicas));
    }

    [Theory]
    // replicas, maxSurge, all pods now, new pods now → new RS size this step
    [InlineData(4, "1", 4, 0, 1)]
    [InlineData(4, "1", 5, 1, 1)]
    [InlineData(4, "2", 4, 0, 2)]
    [InlineData(4, "1", 3, 1, 3)]
    [InlineData(4, "10", 4, 0, 4)]
    public void NewReplicaSetReplicas_GrowsWithinTheSurge(int replicas, string surge, int all, int current, int expected)
    {
        Assert.Equal(expected, RolloutMath.NewReplicaSetReplicas(Deployment(replicas, surge, "1"), all, current));
    }

    [Theory]
    // size, status.replicas, status.availableReplicas → pods held, available once scaled
    [InlineData(4, 4, 4, 4, 4)]
    [InlineData(2, 4, 4, 4, 2)]
    [InlineData(4, 2, 1, 4, 1)]
    [InlineData(0, 1, 1, 1, 0)]
    public void AShrunkReplicaSet_HoldsItsPodsUntilTheyAreGone_ButCountsOnlyItsSizeAsAvailable(int size, int replicas, int available, int held, int availableAfter)
    {
        var rs = new V1ReplicaSet
        {
            Spec = new V1ReplicaSetSpec { Replicas = size },
            Status = new V1ReplicaSetStatus { Replicas = replicas, AvailableReplicas = available },
        };
        Assert.Equal((held, availableAfter), (RolloutMath.PodsHeld(rs), RolloutMath.AvailableAfterScaling(rs)));
    }

    [Theory]
    // replicas, maxUnavailable, all pods, new pods, new available → old pods that may go now
    [InlineData(4, "1", 5, 1, 0, 1)]
    [InlineData(4, "1", 5, 1, 1, 2)]
    [InlineData(4, "1", 4, 0, 0, 1)]
    [InlineData(4, "2", 4, 0, 0, 2)]
    [InlineData(4, "0", 5, 1, 1, 1)]
    public void MaxScaledDown_KeepsTheMinimumAvailable(int replicas, string unavailable, int all, int newPods, int newAvailable, int expected)
    {
        Assert.Equal(expected, RolloutMath.MaxScaledDown(Deployment(replicas, "1", unavailable), all, newPods, newAvailable));
    }

    [Fact]
    public void MaxUnavailable_NeverExceedsReplicas()
    {
        Assert.Equal(2, RolloutMath.MaxUnavailable(Deployment(2, "0", "5")));
        Assert.Equal(0, RolloutMath.MaxUnavailable(Deployment(2, "0", "5", recreate: true)));
    }

    internal static V1Deployment Deployment(int replicas, string surge, string unavailable, bool recreate = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", Generation = 1 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Strategy = recreate
                ? new V1DeploymentStrategy { Type = "Recreate" }
                : new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable } },
        },
    };
}
