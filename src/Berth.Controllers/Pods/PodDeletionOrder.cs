using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>
/// Which pods to delete first when scaling down (kube's ActivePodsWithRanks): unscheduled before
/// scheduled; Pending before Unknown before Running; not ready before ready; lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; pods doubled up on a node with more of
/// their siblings first; ready for less time first; more restarts first; newest first.
/// </summary>
public static class PodDeletionOrder
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static IReadOnlyList<V1Pod> Order(IReadOnlyList<V1Pod> pods)
    {
        var perNode = pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        return pods
            .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : 1)
            .ThenBy(p => PhaseRank(p.Status?.Phase))
            .ThenBy(p => PodConditions.IsReady(p) ? 1 : 0)
            .ThenBy(DeletionCost)
            .ThenByDescending(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : perNode[p.Spec.NodeName])
            .ThenByDescending(p => PodConditions.IsReady(p) ? PodConditions.Ready(p)?.LastTransitionTime ?? DateTime.MinValue : DateTime.MinValue)
            .ThenByDescending(PodConditions.Restarts)
            .ThenByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ToList();
    }

    private static int PhaseRank(string? phase) => phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true && int.TryParse(text, out var cost) ? cost : 0;
}
