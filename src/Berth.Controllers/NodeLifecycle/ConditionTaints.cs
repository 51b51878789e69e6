using Berth.Client.Scheduling;
using k8s.Models;

namespace Berth.Controllers.NodeLifecycle;

/// <summary>
/// The taints a node's conditions call for (kube's TaintNodesByCondition and taint-based
/// eviction): NoSchedule taints keep new pods off a node that is not ready, unreachable, under
/// pressure or cordoned; a NoExecute taint (not-ready or unreachable) evicts the pods that do
/// not tolerate it. Taints the controller does not manage are left as they are.
/// </summary>
public static class ConditionTaints
{
    private static readonly (string Condition, string Status, string Key)[] NoScheduleRules =
    [
        (NodeHealth.Ready, "False", WellKnownTaints.NotReady),
        (NodeHealth.Ready, "Unknown", WellKnownTaints.Unreachable),
        ("MemoryPressure", "True", WellKnownTaints.MemoryPressure),
        ("DiskPressure", "True", WellKnownTaints.DiskPressure),
        ("NetworkUnavailable", "True", WellKnownTaints.NetworkUnavailable),
        ("PIDPressure", "True", WellKnownTaints.PidPressure),
    ];

    private static readonly HashSet<string> NoScheduleKeys = [.. NoScheduleRules.Select(r => r.Key), WellKnownTaints.Unschedulable];

    /// <summary>The NoSchedule taint keys the node's conditions and spec.unschedulable call for.</summary>
    public static IReadOnlyList<string> WantedNoSchedule(V1Node node)
    {
        var keys = NoScheduleRules.Where(r => NodeHealth.Condition(node, r.Condition)?.Status == r.Status).Select(r => r.Key).ToList();
        if (node.Spec?.Unschedulable == true)
        {
            keys.Add(WellKnownTaints.Unschedulable);
        }
        return keys;
    }

    /// <summary>The NoExecute taint key the Ready condition calls for: not-ready when False, unreachable when Unknown, none when True.</summary>
    public static string? WantedNoExecute(V1Node node) => NodeHealth.Condition(node, NodeHealth.Ready)?.Status switch
    {
        "False" => WellKnownTaints.NotReady,
        "Unknown" => WellKnownTaints.Unreachable,
        _ => null,
    };

    /// <summary>The managed NoExecute taint the node has now, if any.</summary>
    public static V1Taint? CurrentNoExecute(V1Node node) => (node.Spec?.Taints ?? []).FirstOrDefault(IsManagedNoExecute);

    /// <summary>The node's taints with the managed NoSchedule ones as <paramref name="wanted"/>; null when that changes nothing.</summary>
    public static List<V1Taint>? WithNoSchedule(V1Node node, IReadOnlyList<string> wanted)
    {
        var taints = node.Spec?.Taints ?? [];
        var current = taints.Where(IsManagedNoSchedule).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        if (current.SetEquals(wanted))
        {
            return null;
        }
        return [.. taints.Where(t => !IsManagedNoSchedule(t)), .. wanted.Select(key => new V1Taint { Key = key, Effect = Tolerations.NoSchedule })];
    }

    /// <summary>
    /// The node's taints with the managed NoExecute taint as <paramref name="key"/> (none when
    /// null), added at <paramref name="now"/>; null when that changes nothing.
    /// </summary>
    public static List<V1Taint>? WithNoExecute(V1Node node, string? key, DateTime now)
    {
        var taints = node.Spec?.Taints ?? [];
        if (CurrentNoExecute(node)?.Key == key)
        {
            return null;
        }
        var kept = taints.Where(t => !IsManagedNoExecute(t)).ToList();
        if (key is not null)
        {
            kept.Add(new V1Taint { Key = key, Effect = Tolerations.NoExecute, TimeAdded = now });
        }
        return kept;
    }

    private static bool IsManagedNoSchedule(V1Taint taint) => taint.Effect == Tolerations.NoSchedule && NoScheduleKeys.Contains(taint.Key);

    private static bool IsManagedNoExecute(V1Taint taint) =>
        taint.Effect == Tolerations.NoExecute && taint.Key is WellKnownTaints.NotReady or WellKnownTaints.Unreachable;
}
