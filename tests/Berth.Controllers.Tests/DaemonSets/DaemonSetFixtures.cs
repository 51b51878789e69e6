using Berth.Controllers.DaemonSets;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Tests.DaemonSets;

/// <summary>DaemonSets, nodes and pods for the DaemonSet tables.</summary>
internal static class DaemonSetFixtures
{
    public static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public const string NewHash = "new";

    public static V1DaemonSet DaemonSet(string? maxUnavailable = "1", string? maxSurge = "0", string strategy = "RollingUpdate", int minReadySeconds = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "agent", NamespaceProperty = "ns", Uid = "ds-uid", Generation = 3 },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
            MinReadySeconds = minReadySeconds,
            UpdateStrategy = new V1DaemonSetUpdateStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge } : null,
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "busybox" }] },
            },
        },
    };

    public static V1Node Node(string name, IDictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string>() },
        Spec = new V1NodeSpec { Taints = taints.Length == 0 ? null : taints },
    };

    public static List<V1Node> Nodes(int count) => [.. Enumerable.Range(1, count).Select(i => Node($"n{i}"))];

    public static V1Taint Taint(string key, string effect) => new() { Key = key, Effect = effect };

    /// <summary>
    /// A daemon pod bound to <paramref name="node"/> in a state: "ready", "running" (not ready), "pending",
    /// "failed", "succeeded", optionally "terminating"; from the new template or an old one.
    /// </summary>
    public static V1Pod Pod(V1DaemonSet ds, string node, string state = "ready", bool updated = true, int age = 10, bool terminating = false)
    {
        var pod = DaemonPods.NewPod(ds, ControllerRefs.To("apps/v1", "DaemonSet", ds.Metadata), updated ? NewHash : "old", node);
        pod.Metadata.Name = $"agent-{node}-{(updated ? "new" : "old")}-{age}";
        pod.Metadata.Uid = pod.Metadata.Name;
        pod.Spec.NodeName = node;
        pod.Metadata.CreationTimestamp = Now.AddMinutes(-age);
        pod.Metadata.DeletionTimestamp = terminating ? Now : null;
        pod.Status = new V1PodStatus
        {
            Phase = state switch { "pending" => "Pending", "failed" => "Failed", "succeeded" => "Succeeded", _ => "Running" },
            Conditions = [new V1PodCondition { Type = "Ready", Status = state == "ready" ? "True" : "False", LastTransitionTime = Now.AddMinutes(-1) }],
        };
        return pod;
    }

    /// <summary>The plan as short words: "create n1", "delete agent-n2-old-10", "failed agent-n3-new-10".</summary>
    public static string[] Describe(DaemonSetPlan plan) =>
    [
        .. plan.Creates.Select(n => $"create {n}"),
        .. plan.Deletes.Select(p => $"delete {p.Metadata.Name}"),
        .. plan.Failed.Select(p => $"failed {p.Metadata.Name}"),
    ];
}
