using k8s.Models;

namespace Berth.Client.Policy;

/// <summary>
/// A PodDisruptionBudget's DisruptionAllowed condition (k8s.io/component-helpers poddisruptionbudget):
/// True/SufficientPods while disruptionsAllowed is above zero, else False/InsufficientPods; False/
/// SyncFailed when the disruption controller cannot compute the status. The disruption controller
/// and the eviction subresource both keep it.
/// </summary>
public static class DisruptionAllowedCondition
{
    public const string Type = "DisruptionAllowed";
    public const string SufficientPods = "SufficientPods";
    public const string InsufficientPods = "InsufficientPods";
    public const string SyncFailed = "SyncFailed";

    /// <summary>kube's UpdateDisruptionAllowedCondition: the condition that follows status.disruptionsAllowed.</summary>
    public static void Update(V1PodDisruptionBudgetStatus status, DateTime now) =>
        Set(status, status.DisruptionsAllowed > 0 ? "True" : "False", status.DisruptionsAllowed > 0 ? SufficientPods : InsufficientPods, "", now);

    /// <summary>kube's meta.SetStatusCondition: the transition time moves only when the status changes.</summary>
    public static void Set(V1PodDisruptionBudgetStatus status, string conditionStatus, string reason, string message, DateTime now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == Type);
        if (existing is null)
        {
            status.Conditions.Add(new V1Condition
            {
                Type = Type,
                Status = conditionStatus,
                Reason = reason,
                Message = message,
                ObservedGeneration = status.ObservedGeneration,
                LastTransitionTime = now,
            });
            return;
        }
        if (existing.Status != conditionStatus)
        {
            existing.LastTransitionTime = now;
        }
        existing.Status = conditionStatus;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }

    /// <summary>kube's ConditionsAreUpToDate: the condition exists for the current generation and agrees with disruptionsAllowed.</summary>
    public static bool IsUpToDate(V1PodDisruptionBudget budget)
    {
        var status = budget.Status;
        var condition = status?.Conditions?.FirstOrDefault(c => c.Type == Type);
        if (condition is null || status!.ObservedGeneration != budget.Metadata.Generation)
        {
            return false;
        }
        return status.DisruptionsAllowed > 0
            ? condition is { Status: "True", Reason: SufficientPods }
            : condition is { Status: "False", Reason: InsufficientPods };
    }
}
