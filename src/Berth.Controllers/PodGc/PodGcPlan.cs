using Berth.Client.Scheduling;
using Berth.Controllers.NodeLifecycle;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.PodGc;

/// <summary>Which pods the pod garbage collector force deletes (kube's podgc passes), from the cached pods and nodes.</summary>
public static class PodGcPlan
{
    /// <summary>
    /// The finished pods beyond <paramref name="threshold"/>: evicted ones first, then the oldest
    /// (gcTerminated); none when the threshold is 0.
    /// </summary>
    public static IReadOnlyList<V1Pod> TerminatedOverThreshold(IEnumerable<V1Pod> pods, int threshold)
    {
        if (threshold <= 0)
        {
            return [];
        }
        var terminated = pods.Where(PodConditions.IsTerminal).ToList();
        return terminated
            .OrderBy(p => p.Status.Reason == "Evicted" ? 0 : 1)
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Take(Math.Max(0, terminated.Count - threshold))
            .ToList();
    }

    /// <summary>Terminating pods on a node that is not ready and carries the out-of-service taint (gcTerminating): nothing there will finish them.</summary>
    public static IEnumerable<V1Pod> TerminatingOutOfService(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, V1Node> nodes) =>
        pods.Where(p => p.Metadata.DeletionTimestamp is not null
            && p.Spec?.NodeName is { Length: > 0 } name
            && nodes.TryGetValue(name, out var node)
            && NodeHealth.ReadyStatus(node) != "True"
            && (node.Spec?.Taints ?? []).Any(t => t.Key == WellKnownTaints.OutOfService));

    /// <summary>The nodes pods are bound to that do not exist (gcOrphaned's candidates).</summary>
    public static IEnumerable<string> MissingNodes(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, V1Node> nodes) =>
        pods.Select(p => p.Spec?.NodeName).OfType<string>().Where(n => n.Length > 0 && !nodes.ContainsKey(n)).Distinct(StringComparer.Ordinal);

    public static IEnumerable<V1Pod> BoundTo(IEnumerable<V1Pod> pods, IReadOnlySet<string> nodes) =>
        pods.Where(p => p.Spec?.NodeName is { Length: > 0 } name && nodes.Contains(name));

    /// <summary>Terminating pods that were never bound (gcUnscheduledTerminating): no kubelet will finish them.</summary>
    public static IEnumerable<V1Pod> UnscheduledTerminating(IEnumerable<V1Pod> pods) =>
        pods.Where(p => p.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(p.Spec?.NodeName));
}
