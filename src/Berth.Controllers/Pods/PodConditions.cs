using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>The pod facts controllers count by (kube's podutil): active, ready, available.</summary>
public static class PodConditions
{
    /// <summary>Neither finished (Succeeded/Failed) nor being deleted.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    public static V1PodCondition? Ready(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsReady(V1Pod pod) => Ready(pod)?.Status == "True";

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (at once when it is zero).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (Ready(pod) is not { Status: "True" } ready)
        {
            return false;
        }
        return minReadySeconds == 0
            || (ready.LastTransitionTime is { } since && since.AddSeconds(minReadySeconds) <= now);
    }

    public static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Sum(s => s.RestartCount) ?? 0;
}
