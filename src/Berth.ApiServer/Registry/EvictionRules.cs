using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Validation;
using Berth.Client.Policy;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.ApiServer.Registry;

/// <summary>
/// What kube's eviction subresource (pkg/registry/core/pod/storage/eviction.go) decides from a pod
/// and its PodDisruptionBudgets, without storage: whether the budgets matter at all, whether an
/// unhealthy pod may go without spending a disruption, and the check-and-decrement of a budget
/// (429 when no disruption is allowed, the pod recorded in status.disruptedPods otherwise).
/// </summary>
public static class EvictionRules
{
    public const string Violation = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>Above this many disruptions not yet seen by the disruption controller, evictions stop.</summary>
    public const int MaxDisruptedPods = 2000;

    /// <summary>kube's canIgnorePDB: a finished, pending or deleting pod disrupts nothing more.</summary>
    public static bool CanIgnoreBudgets(JsonObject pod) =>
        pod.Str("status", "phase") is "Succeeded" or "Failed" or "Pending" || pod.At("metadata", "deletionTimestamp") is not null;

    /// <summary>kube's shouldEnforceResourceVersion: a pod that could turn healthy meanwhile is deleted only as read.</summary>
    public static bool EnforceResourceVersion(JsonObject pod) =>
        pod.Str("status", "phase") is not ("Succeeded" or "Failed") && pod.At("metadata", "deletionTimestamp") is null;

    public static bool IsReady(JsonObject pod) =>
        pod.Objects("status", "conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    /// <summary>The budgets whose selector matches the pod (a budget without a selector matches nothing, an empty one everything).</summary>
    public static List<JsonObject> Matching(JsonObject pod, IEnumerable<JsonObject> budgets)
    {
        var labels = pod.StringMap("metadata", "labels").ToDictionary(l => l.Key, l => l.Value);
        return [.. budgets.Where(b => Selector(b).Matches(labels))];
    }

    /// <summary>
    /// An unready pod leaves without spending a disruption under AlwaysAllow, or under IfHealthyBudget
    /// (the default) while the budget is met; otherwise it needs one like a healthy pod.
    /// </summary>
    public static bool UnhealthyMayGo(JsonObject pod, JsonObject budget)
    {
        if (IsReady(pod))
        {
            return false;
        }
        if (budget.Str("spec", "unhealthyPodEvictionPolicy") == "AlwaysAllow")
        {
            return true;
        }
        var desired = budget.Int("status", "desiredHealthy") ?? 0;
        return (budget.Int("status", "currentHealthy") ?? 0) >= desired && desired > 0;
    }

    /// <summary>kube's checkAndDecrement on the current budget: spends one disruption for the pod, or throws why not.</summary>
    public static void Decrement(JsonObject budget, string podName, DateTime now)
    {
        var name = budget.Str("metadata", "name") ?? "";
        var status = budget["status"] is JsonObject s
            ? s.Deserialize(ModelJsonContext.Default.V1PodDisruptionBudgetStatus) ?? new V1PodDisruptionBudgetStatus()
            : new V1PodDisruptionBudgetStatus();
        if ((status.ObservedGeneration ?? 0) < (budget.Int("metadata", "generation") ?? 0))
        {
            throw StillProcessing(name);
        }
        if (status.DisruptionsAllowed < 0)
        {
            throw ApiException.Forbidden("policy", "poddisruptionbudget", name, "pdb disruptions allowed is negative");
        }
        if (status.DisruptedPods?.Count > MaxDisruptedPods)
        {
            throw ApiException.Forbidden("policy", "poddisruptionbudget", name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (status.DisruptionsAllowed == 0)
        {
            throw ApiException.TooManyRequests(Violation, 0,
                ("DisruptionBudget", $"The disruption budget {name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently"));
        }
        status.DisruptionsAllowed--;
        if (status.DisruptionsAllowed == 0)
        {
            DisruptionAllowedCondition.Update(status, now);
        }
        status.DisruptedPods ??= new Dictionary<string, DateTime?>();
        status.DisruptedPods[podName] = now;
        budget["status"] = JsonSerializer.SerializeToNode(status, ModelJsonContext.Default.V1PodDisruptionBudgetStatus);
    }

    /// <summary>kube's UpdatePodCondition with DisruptionTarget/EvictionByEvictionAPI: the transition time moves only when the status does.</summary>
    public static void MarkDisruptionTarget(JsonObject pod, DateTimeOffset now)
    {
        var status = pod.Child("status");
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "DisruptionTarget");
        var condition = new JsonObject
        {
            ["type"] = "DisruptionTarget",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = existing?.Str("status") == "True" ? existing["lastTransitionTime"]?.DeepClone() : Objects.ObjectMetadata.Timestamp(now),
            ["reason"] = "EvictionByEvictionAPI",
            ["message"] = "Eviction API: evicting",
        };
        if (existing is null)
        {
            conditions.Add((JsonNode)condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    /// <summary>The 429 for a budget the disruption controller has not caught up with (or a pod that turned healthy meanwhile).</summary>
    public static ApiException StillProcessing(string budget) =>
        ApiException.TooManyRequests(Violation, 10, ("DisruptionBudget", $"The disruption budget {budget} is still being processed by the server."));

    private static LabelSelector Selector(JsonObject budget)
    {
        try
        {
            return LabelSelector.From(budget.At("spec", "selector")?.Deserialize(ModelJsonContext.Default.V1LabelSelector));
        }
        catch (JsonException)
        {
            // An invalid selector matches no pod, as kube skips it.
            return LabelSelector.Nothing;
        }
    }
}
