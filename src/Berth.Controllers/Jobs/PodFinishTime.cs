using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// When a pod finished (kube's getFinishedTime): the last container's finishedAt when all have
/// terminated, else the Ready=False transition a kubelet writes when a pod ends, else its deletion
/// time less the grace period, else its creation.
/// </summary>
public static class PodFinishTime
{
    public static DateTime Of(V1Pod pod)
    {
        if (FromContainers(pod) is { } finished)
        {
            return finished;
        }
        if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { Status: "False", LastTransitionTime: { } notReady })
        {
            return notReady;
        }
        if (pod.Metadata.DeletionTimestamp is { } deleting)
        {
            return deleting.AddSeconds(-(pod.Metadata.DeletionGracePeriodSeconds ?? 0));
        }
        return pod.Metadata.CreationTimestamp ?? DateTime.MinValue;
    }

    private static DateTime? FromContainers(V1Pod pod)
    {
        DateTime? latest = null;
        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            if (status.State?.Terminated?.FinishedAt is not { } finishedAt || finishedAt == default)
            {
                return null;
            }
            if (latest is null || finishedAt > latest)
            {
                latest = finishedAt;
            }
        }
        return latest;
    }
}
