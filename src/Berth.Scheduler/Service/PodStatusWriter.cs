using System.Text.Json.Nodes;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Scheduler.Service;

/// <summary>
/// The scheduler's writes to pod status, as strategic merge patches of the status subresource:
/// PodScheduled=False with its reason and message (and the nominated node) after a failed
/// attempt, written only when it changed; the DisruptionTarget condition of a preemption victim;
/// a cleared nomination.
/// </summary>
internal sealed class PodStatusWriter(ResourceClient<V1Pod, V1PodList> pods, TimeProvider time)
{
    /// <summary>The pod's PodScheduled condition says it did not fit; <paramref name="nominated"/>: a node to set, "" to clear, null to leave.</summary>
    public async Task MarkUnscheduledAsync(V1Pod pod, string reason, string message, string? nominated, CancellationToken cancellationToken)
    {
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var nominationChanges = nominated is not null && nominated != (pod.Status?.NominatedNodeName ?? "");
        if (current is { Status: "False" } && current.Reason == reason && current.Message == message && !nominationChanges)
        {
            return;
        }
        var condition = new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["reason"] = reason,
            ["message"] = message,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = current is { Status: "False" } && current.LastTransitionTime is { } since ? Timestamp(since) : Now(),
        };
        var status = new JsonObject { ["conditions"] = new JsonArray(condition) };
        if (nominationChanges)
        {
            status["nominatedNodeName"] = nominated!.Length == 0 ? null : nominated;
        }
        await PatchStatusAsync(pod, status, cancellationToken);
    }

    /// <summary>Marks a victim of preemption before it is deleted (kube's DisruptionTarget condition).</summary>
    public Task MarkPreemptedAsync(V1Pod victim, string schedulerName, CancellationToken cancellationToken) =>
        PatchStatusAsync(victim, new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "DisruptionTarget",
                ["status"] = "True",
                ["reason"] = "PreemptionByScheduler",
                ["message"] = $"{schedulerName}: preempting to accommodate a higher priority pod",
                ["lastTransitionTime"] = Now(),
            }),
        }, cancellationToken);

    public Task ClearNominationAsync(V1Pod pod, CancellationToken cancellationToken) =>
        PatchStatusAsync(pod, new JsonObject { ["nominatedNodeName"] = null }, cancellationToken);

    private Task PatchStatusAsync(V1Pod pod, JsonObject status, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { ["status"] = status };
        return pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch.ToJsonString(), cancellationToken, "status");
    }

    private string Now() => Timestamp(time.GetUtcNow().UtcDateTime);

    private static string Timestamp(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
