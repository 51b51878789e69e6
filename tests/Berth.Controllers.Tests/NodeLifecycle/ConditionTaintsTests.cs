using Berth.Controllers.NodeLifecycle;
using k8s.Models;

namespace Berth.Controllers.Tests.NodeLifecycle;

public sealed class ConditionTaintsTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Ready", "False", "node.kubernetes.io/not-ready")]
    [InlineData("Ready", "Unknown", "node.kubernetes.io/unreachable")]
    [InlineData("MemoryPressure", "True", "node.kubernetes.io/memory-pressure")]
    [InlineData("DiskPressure", "True", "node.kubernetes.io/disk-pressure")]
    [InlineData("PIDPressure", "True", "node.kubernetes.io/pid-pressure")]
    [InlineData("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable")]
    public void WantedNoSchedule_FollowsTheConditions(string type, string status, string key)
    {
        var node = NodeHealthTests.Node((type, status));

        Assert.Equal([key], ConditionTaints.WantedNoSchedule(node));
    }

    [Fact]
    public void WantedNoSchedule_IncludesUnschedulableForACordonedNode()
    {
        var node = NodeHealthTests.Node(("Ready", "True"), ("MemoryPressure", "False"));
        node.Spec.Unschedulable = true;

        Assert.Equal(["node.kubernetes.io/unschedulable"], ConditionTaints.WantedNoSchedule(node));
    }

    [Theory]
    [InlineData("True", null)]
    [InlineData("False", "node.kubernetes.io/not-ready")]
    [InlineData("Unknown", "node.kubernetes.io/unreachable")]
    public void WantedNoExecute_FollowsReady(string ready, string? key)
    {
        Assert.Equal(key, ConditionTaints.WantedNoExecute(NodeHealthTests.Node(("Ready", ready))));
    }

    [Fact]
    public void WithNoSchedule_KeepsUnmanagedTaintsAndIsNullWhenNothingChanges()
    {
        var node = NodeHealthTests.Node(("Ready", "Unknown"));
        node.Spec.Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }, new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" }];

        var taints = ConditionTaints.WithNoSchedule(node, ConditionTaints.WantedNoSchedule(node))!;

        Assert.Equal(["dedicated", "node.kubernetes.io/unreachable"], taints.Select(t => t.Key));
        node.Spec.Taints = taints;
        Assert.Null(ConditionTaints.WithNoSchedule(node, ConditionTaints.WantedNoSchedule(node)));
    }

    [Fact]
    public void WithNoExecute_AddsSwapsAndLiftsTheTaintLeavingNoScheduleOnesAlone()
    {
        var node = NodeHealthTests.Node(("Ready", "Unknown"));
        node.Spec.Taints = [new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoSchedule" }];

        var added = ConditionTaints.WithNoExecute(node, "node.kubernetes.io/unreachable", T0)!;
        Assert.Equal([("node.kubernetes.io/unreachable", "NoSchedule", (DateTime?)null), ("node.kubernetes.io/unreachable", "NoExecute", T0)],
            added.Select(t => (t.Key, t.Effect, t.TimeAdded)));

        node.Spec.Taints = added;
        Assert.Null(ConditionTaints.WithNoExecute(node, "node.kubernetes.io/unreachable", T0.AddSeconds(5)));
        var swapped = ConditionTaints.WithNoExecute(node, "node.kubernetes.io/not-ready", T0.AddSeconds(5))!;
        Assert.Equal(("node.kubernetes.io/not-ready", (DateTime?)T0.AddSeconds(5)), swapped.Where(t => t.Effect == "NoExecute").Select(t => (t.Key, t.TimeAdded)).Single());
        Assert.Equal(["NoSchedule"], ConditionTaints.WithNoExecute(node, null, T0)!.Select(t => t.Effect));
    }
}
