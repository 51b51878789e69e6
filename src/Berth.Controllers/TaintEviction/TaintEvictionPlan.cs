using Berth.Client.Scheduling;
using k8s.Models;

namespace Berth.Controllers.TaintEviction;

/// <summary>
/// When a pod must leave a node for its NoExecute taints (kube's taint eviction rules): at once
/// when a taint is not tolerated; after the shortest tolerationSeconds of the tolerations used
/// (the first that tolerates each taint); never when those tolerate for ever. The clock starts
/// at the earliest taint's timeAdded, or the pod's creation if it came later, so a leadership
/// change does not restart it.
/// </summary>
public static class TaintEvictionPlan
{
    public static IReadOnlyList<V1Taint> NoExecuteTaints(V1Node node) =>
        (node.Spec?.Taints ?? []).Where(t => t.Effect == Tolerations.NoExecute).ToList();

    /// <summary>When the pod is to be evicted, or null when it may stay.</summary>
    public static DateTime? EvictionTime(IReadOnlyList<V1Taint> taints, IList<V1Toleration>? tolerations, DateTime? podCreated, DateTime now)
    {
        if (taints.Count == 0)
        {
            return null;
        }
        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            if ((tolerations ?? []).FirstOrDefault(t => Tolerations.Tolerates(t, taint)) is not { } toleration)
            {
                return now;
            }
            used.Add(toleration);
        }
        var seconds = used.Where(t => t.TolerationSeconds is not null).Select(t => Math.Max(0, t.TolerationSeconds!.Value)).ToList();
        if (seconds.Count == 0)
        {
            return null;
        }
        var tainted = taints.Min(t => t.TimeAdded) ?? now;
        var start = podCreated is { } created && created > tainted ? created : tainted;
        return start.AddSeconds(seconds.Min());
    }
}
