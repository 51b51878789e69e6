using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.NodeLifecycle;

/// <summary>
/// What the node lifecycle controller writes about a node that went quiet (kube's
/// tryUpdateNodeHealth): Ready and the pressure conditions turn Unknown, keeping the last
/// heartbeat, so everyone can see when the node was last heard from.
/// </summary>
public static class NodeHealth
{
    public const string Ready = "Ready";

    /// <summary>The conditions a kubelet owns, marked Unknown together.</summary>
    public static readonly IReadOnlyList<string> KubeletConditions = [Ready, "MemoryPressure", "DiskPressure", "PIDPressure"];

    public static V1NodeCondition? Condition(V1Node node, string type) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The Ready condition's status: True, False or Unknown (a node that never posted one is Unknown).</summary>
    public static string ReadyStatus(V1Node node) => Condition(node, Ready)?.Status ?? "Unknown";

    /// <summary>How long the node may stay quiet: longer while it has never posted a Ready condition.</summary>
    public static TimeSpan GracePeriod(V1Node node, NodeLifecycleOptions options) =>
        Condition(node, Ready) is null ? options.StartupGracePeriod : options.MonitorGracePeriod;

    /// <summary>
    /// The conditions of a node that has been quiet past its grace period: every kubelet condition
    /// that is not already Unknown becomes Unknown now; null when nothing changes.
    /// </summary>
    public static List<V1NodeCondition>? MarkUnknown(V1Node node, DateTime now)
    {
        // A copy: the node may be a shared cache entry.
        var conditions = ModelCopy.Clone(node, ModelJsonContext.Default.V1Node).Status?.Conditions?.ToList() ?? [];
        var changed = false;
        foreach (var type in KubeletConditions)
        {
            var condition = conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = "NodeStatusNeverUpdated",
                    Message = "Kubelet never posted node status.",
                    LastHeartbeatTime = node.Metadata.CreationTimestamp,
                    LastTransitionTime = now,
                });
                changed = true;
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = "NodeStatusUnknown";
                condition.Message = "Kubelet stopped posting node status.";
                condition.LastTransitionTime = now;
                changed = true;
            }
        }
        return changed ? conditions : null;
    }
}
