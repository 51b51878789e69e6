using Berth.Controllers.NodeLifecycle;
using k8s.Models;

namespace Berth.Controllers.Tests.NodeLifecycle;

public sealed class NodeHealthTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void MarkUnknown_TurnsEveryKubeletConditionUnknownAndKeepsTheLastHeartbeat()
    {
        var node = Node(("Ready", "True"), ("MemoryPressure", "False"), ("DiskPressure", "False"), ("PIDPressure", "False"), ("NetworkUnavailable", "False"));

        var conditions = NodeHealth.MarkUnknown(node, T0.AddMinutes(1))!;

        var ready = conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(T0, ready.LastHeartbeatTime);
        Assert.Equal(T0.AddMinutes(1), ready.LastTransitionTime);
        Assert.All(conditions.Where(c => c.Type != "NetworkUnavailable"), c => Assert.Equal("Unknown", c.Status));
        Assert.Equal("False", conditions.Single(c => c.Type == "NetworkUnavailable").Status);
        Assert.Equal("True", node.Status.Conditions[0].Status);
    }

    [Fact]
    public void MarkUnknown_AddsConditionsTheNodeNeverPosted()
    {
        var node = Node(("Ready", "True"));

        var conditions = NodeHealth.MarkUnknown(node, T0)!;

        var pid = conditions.Single(c => c.Type == "PIDPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."), (pid.Status, pid.Reason, pid.Message));
        Assert.Equal(4, conditions.Count);
    }

    [Fact]
    public void MarkUnknown_IsNullWhenAlreadyUnknown()
    {
        var node = Node(("Ready", "Unknown"), ("MemoryPressure", "Unknown"), ("DiskPressure", "Unknown"), ("PIDPressure", "Unknown"));

        Assert.Null(NodeHealth.MarkUnknown(node, T0));
    }

    [Fact]
    public void GracePeriod_IsTheStartupOneUntilTheNodePostsReady()
    {
        var options = new NodeLifecycleOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), NodeHealth.GracePeriod(Node(), options));
        Assert.Equal(TimeSpan.FromSeconds(50), NodeHealth.GracePeriod(Node(("Ready", "False")), options));
        Assert.Equal("Unknown", NodeHealth.ReadyStatus(Node()));
    }

    internal static V1Node Node(params (string Type, string Status)[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n1", CreationTimestamp = T0.AddHours(-1) },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Conditions = conditions.Select(c => new V1NodeCondition { Type = c.Type, Status = c.Status, LastHeartbeatTime = T0, LastTransitionTime = T0 }).ToList(),
        },
    };
}
