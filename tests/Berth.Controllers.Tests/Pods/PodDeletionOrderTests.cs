using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Tests.Pods;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string name, string? node = "n1", string phase = "Running", bool ready = true, int minutesOld = 10, int restarts = 0, int? cost = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = T0.AddMinutes(-minutesOld),
            Annotations = cost is null ? null : new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = cost.ToString()! },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = T0.AddMinutes(-minutesOld) }],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts }],
        },
    };

    public static TheoryData<V1Pod, V1Pod> FirstBeforeSecond => new()
    {
        { Pod("unscheduled", node: null), Pod("scheduled") },
        { Pod("pending", phase: "Pending"), Pod("running") },
        { Pod("unknown", phase: "Unknown"), Pod("running") },
        { Pod("not-ready", ready: false), Pod("ready") },
        { Pod("cheap", cost: -5), Pod("default") },
        { Pod("ready-briefly", minutesOld: 1), Pod("ready-long", minutesOld: 30) },
        { Pod("restarting", restarts: 3), Pod("steady") },
    };

    [Theory]
    [MemberData(nameof(FirstBeforeSecond))]
    public void Order_PrefersToDeleteTheFirst(V1Pod first, V1Pod second)
    {
        Assert.Equal([first.Metadata.Name, second.Metadata.Name], PodDeletionOrder.Order([second, first]).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Order_DoubledUpNode_LosesAPodFirst()
    {
        var pods = new[] { Pod("alone", node: "n1"), Pod("crowded-a", node: "n2"), Pod("crowded-b", node: "n2") };

        Assert.StartsWith("crowded", PodDeletionOrder.Order(pods)[0].Metadata.Name);
    }
}
