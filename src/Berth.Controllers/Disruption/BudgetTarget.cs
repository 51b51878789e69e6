using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Disruption;

/// <summary>
/// How many pods a PodDisruptionBudget expects and how many must stay healthy (kube's
/// getExpectedPodCount): maxUnavailable and a percentage minAvailable count against the scale of
/// the pods' controllers (a Deployment, ReplicaSet or StatefulSet; rounded up as kube rounds), an
/// integer minAvailable against the pods themselves. Pods without a controller are reported as
/// unmanaged and left out; a controller that cannot be found is an error.
/// </summary>
public sealed record BudgetTarget(int ExpectedPods, int DesiredHealthy, IReadOnlyList<string> UnmanagedPods)
{
    public static BudgetTarget Of(V1PodDisruptionBudget budget, IReadOnlyList<V1Pod> pods, Func<V1Pod, ControllerScale?> scaleOf)
    {
        if (budget.Spec?.MaxUnavailable is { } maxUnavailable)
        {
            var (expected, unmanaged) = ExpectedScale(pods, scaleOf);
            return new(expected, Math.Max(expected - IntOrPercent.Scaled(maxUnavailable, expected, roundUp: true), 0), unmanaged);
        }
        if (budget.Spec?.MinAvailable is { } minAvailable)
        {
            if (!minAvailable.Value.EndsWith('%'))
            {
                return new(pods.Count, IntOrPercent.Scaled(minAvailable, pods.Count, roundUp: true), []);
            }
            var (expected, unmanaged) = ExpectedScale(pods, scaleOf);
            return new(expected, IntOrPercent.Scaled(minAvailable, expected, roundUp: true), unmanaged);
        }
        return new(0, 0, []);
    }

    /// <summary>The sum of the replicas of the pods' controllers, each counted once; the pods that have none.</summary>
    private static (int Expected, List<string> Unmanaged) ExpectedScale(IReadOnlyList<V1Pod> pods, Func<V1Pod, ControllerScale?> scaleOf)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            if (ControllerRefs.Of(pod.Metadata) is not { } owner)
            {
                unmanaged.Add(pod.Metadata.Name);
                continue;
            }
            if (scales.ContainsKey(owner.Uid))
            {
                continue;
            }
            var scale = scaleOf(pod) ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales[scale.Uid] = scale.Replicas;
            // A Deployment's pods name its ReplicaSet: remember that one too so its other pods are not looked up again.
            scales.TryAdd(owner.Uid, 0);
        }
        return (scales.Values.Sum(), unmanaged);
    }
}
