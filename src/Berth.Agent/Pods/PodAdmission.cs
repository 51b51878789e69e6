using Berth.Agent.Nodes;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// kubelet's eviction admission: a node under pressure takes no new pods. Under memory pressure alone
/// only BestEffort pods are refused; under disk or PID pressure every pod is, except critical ones.
/// </summary>
public sealed class PodAdmission(Func<HostPressure> sample)
{
    /// <summary>kubelet's reason for a pod it rejects under pressure.</summary>
    public const string Reason = "Evicted";

    /// <summary>kube's SystemCriticalPriority: pods at or above it are admitted whatever the pressure.</summary>
    private const int SystemCriticalPriority = 2_000_000_000;

    /// <summary>Why this node refuses the pod now (the event's message), or null when it takes it.</summary>
    public string? Refusal(V1Pod pod) => Refusal(pod, sample());

    public static string? Refusal(V1Pod pod, HostPressure pressure)
    {
        List<string> conditions = [];
        if (pressure.Memory)
        {
            conditions.Add("MemoryPressure");
        }
        if (pressure.Disk)
        {
            conditions.Add("DiskPressure");
        }
        if (pressure.Pids)
        {
            conditions.Add("PIDPressure");
        }
        if (conditions.Count == 0 || pod.Spec.Priority >= SystemCriticalPriority)
        {
            return null;
        }
        if (conditions is ["MemoryPressure"] && pod.Status?.QosClass != "BestEffort")
        {
            return null;
        }
        return $"The node had condition: [{string.Join(' ', conditions)}]. ";
    }

    /// <summary>The status kubelet's rejectPod writes: the pod failed, with the reason and the refusal.</summary>
    public static V1PodStatus RejectedStatus(V1Pod pod, string refusal) => new()
    {
        Phase = "Failed",
        Reason = Reason,
        Message = $"Pod was rejected: {refusal}",
        QosClass = pod.Status?.QosClass,
        Conditions = pod.Status?.Conditions?.Where(c => c.Type == "PodScheduled").ToList(),
    };
}
