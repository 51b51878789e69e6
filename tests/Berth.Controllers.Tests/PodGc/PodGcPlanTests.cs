using Berth.Controllers.PodGc;
using k8s.Models;

namespace Berth.Controllers.Tests.PodGc;

public sealed class PodGcPlanTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string name, string phase = "Running", string? node = "n1", int age = 0, bool terminating = false, string? reason = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            CreationTimestamp = T0.AddMinutes(-age),
            DeletionTimestamp = terminating ? T0 : null,
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase, Reason = reason },
    };

    private static V1Node Node(string name, string ready = "True", params string[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { Taints = [.. taints.Select(t => new V1Taint { Key = t, Effect = "NoExecute" })] },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready }] },
    };

    private static Dictionary<string, V1Node> Nodes(params V1Node[] nodes) => nodes.ToDictionary(n => n.Metadata.Name);

    private static string[] Names(IEnumerable<V1Pod> pods) => [.. pods.Select(p => p.Metadata.Name)];

    [Fact]
    public void TerminatedOverThreshold_DeletesEvictedFirstThenTheOldestFinishedPods()
    {
        V1Pod[] pods =
        [
            Pod("running-old", age: 90),
            Pod("done-old", "Succeeded", age: 60),
            Pod("failed-mid", "Failed", age: 30),
            Pod("evicted-new", "Failed", age: 1, reason: "Evicted"),
            Pod("done-new", "Succeeded", age: 5),
        ];

        Assert.Equal(["evicted-new", "done-old"], Names(PodGcPlan.TerminatedOverThreshold(pods, 2)));
        Assert.Empty(PodGcPlan.TerminatedOverThreshold(pods, 4));
        Assert.Empty(PodGcPlan.TerminatedOverThreshold(pods, 0));
    }

    [Fact]
    public void TerminatingOutOfService_OnlyTerminatingPodsOnANotReadyNodeWithTheTaint()
    {
        var nodes = Nodes(Node("down", "False", "node.kubernetes.io/out-of-service"), Node("up", "True", "node.kubernetes.io/out-of-service"), Node("plain", "False"));
        V1Pod[] pods =
        [
            Pod("a", node: "down", terminating: true),
            Pod("b", node: "down"),
            Pod("c", node: "up", terminating: true),
            Pod("d", node: "plain", terminating: true),
        ];

        Assert.Equal(["a"], Names(PodGcPlan.TerminatingOutOfService(pods, nodes)));
    }

    [Fact]
    public void MissingNodes_NamesEachNodeThatPodsAreBoundToButDoesNotExistOnce()
    {
        V1Pod[] pods = [Pod("a", node: "gone"), Pod("b", node: "gone"), Pod("c", node: "n1"), Pod("d", node: null)];

        Assert.Equal(["gone"], PodGcPlan.MissingNodes(pods, Nodes(Node("n1"))));
    }

    [Fact]
    public void UnscheduledTerminating_OnlyTerminatingPodsWithoutANode()
    {
        V1Pod[] pods = [Pod("a", node: null, terminating: true), Pod("b", node: null), Pod("c", terminating: true)];

        Assert.Equal(["a"], Names(PodGcPlan.UnscheduledTerminating(pods)));
    }
}
