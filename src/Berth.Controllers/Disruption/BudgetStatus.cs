using Berth.Client.Policy;
using Berth.Client.Serialization;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Disruption;

/// <summary>
/// A PodDisruptionBudget's status as kube's disruption controller computes it: the pods the
/// eviction API disrupted that are still within <see cref="DeletionTimeout"/> (and when to look
/// again), the healthy (Ready, not deleting, not just disrupted) pods, disruptionsAllowed =
/// currentHealthy − desiredHealthy (never below 0, and 0 while no pod is expected), the
/// DisruptionAllowed condition.
/// </summary>
public static class BudgetStatus
{
    /// <summary>How long a pod the eviction API let go is counted as disrupted before the controller stops waiting for its deletion.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>kube's buildDisruptedPodMap: still-awaited disruptions, the earliest time one of them expires, and the pods that outlived theirs.</summary>
    public static (Dictionary<string, DateTime> Disrupted, DateTime? Recheck, List<V1Pod> NotDeleted) DisruptedPods(
        V1PodDisruptionBudget budget, IEnumerable<V1Pod> pods, DateTime now)
    {
        var disrupted = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var notDeleted = new List<V1Pod>();
        DateTime? recheck = null;
        if (budget.Status?.DisruptedPods is not { Count: > 0 } known)
        {
            return (disrupted, recheck, notDeleted);
        }
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !known.TryGetValue(pod.Metadata.Name, out var at) || at is not { } when)
            {
                continue;
            }
            var since = when.ToUniversalTime();
            var expected = since + DeletionTimeout;
            if (expected < now)
            {
                notDeleted.Add(pod);
                continue;
            }
            if (recheck is null || expected < recheck)
            {
                recheck = expected;
            }
            disrupted[pod.Metadata.Name] = since;
        }
        return (disrupted, recheck, notDeleted);
    }

    /// <summary>kube's countHealthyPods: Ready pods that are neither deleting nor awaiting a disruption.</summary>
    public static int CurrentHealthy(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, DateTime> disrupted, DateTime now) =>
        pods.Count(pod => pod.Metadata.DeletionTimestamp is null
            && !(disrupted.TryGetValue(pod.Metadata.Name, out var since) && since + DeletionTimeout > now)
            && PodConditions.IsReady(pod));

    /// <summary>The status to write, or null when the stored one already says it (kube's updatePdbStatus).</summary>
    public static V1PodDisruptionBudgetStatus? Next(V1PodDisruptionBudget budget, int currentHealthy, BudgetTarget target, Dictionary<string, DateTime> disrupted, DateTime now)
    {
        var allowed = target.ExpectedPods <= 0 ? 0 : Math.Max(currentHealthy - target.DesiredHealthy, 0);
        var old = budget.Status;
        if (old is not null && old.CurrentHealthy == currentHealthy && old.DesiredHealthy == target.DesiredHealthy
            && old.ExpectedPods == target.ExpectedPods && old.DisruptionsAllowed == allowed
            && SameDisruptions(old.DisruptedPods, disrupted) && old.ObservedGeneration == budget.Metadata.Generation
            && DisruptionAllowedCondition.IsUpToDate(budget))
        {
            return null;
        }
        var status = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = currentHealthy,
            DesiredHealthy = target.DesiredHealthy,
            ExpectedPods = target.ExpectedPods,
            DisruptionsAllowed = allowed,
            DisruptedPods = disrupted.Count == 0 ? null : disrupted.ToDictionary(d => d.Key, d => (DateTime?)d.Value),
            ObservedGeneration = budget.Metadata.Generation,
            Conditions = CopyConditions(old),
        };
        DisruptionAllowedCondition.Update(status, now);
        return status;
    }

    /// <summary>kube's failSafe: no disruption allowed, and the DisruptionAllowed condition says why.</summary>
    public static V1PodDisruptionBudgetStatus FailSafe(V1PodDisruptionBudget budget, string error, DateTime now)
    {
        var status = budget.Status is null
            ? new V1PodDisruptionBudgetStatus()
            : ModelCopy.Clone(budget.Status, ModelJsonContext.Default.V1PodDisruptionBudgetStatus);
        status.DisruptionsAllowed = 0;
        DisruptionAllowedCondition.Set(status, "False", DisruptionAllowedCondition.SyncFailed, error, now);
        return status;
    }

    private static List<V1Condition> CopyConditions(V1PodDisruptionBudgetStatus? status) =>
        status?.Conditions is { } conditions
            ? [.. conditions.Select(c => ModelCopy.Clone(c, ModelJsonContext.Default.V1Condition))]
            : [];

    private static bool SameDisruptions(IDictionary<string, DateTime?>? stored, Dictionary<string, DateTime> computed) =>
        (stored?.Count ?? 0) == computed.Count
        && computed.All(d => stored!.TryGetValue(d.Key, out var at) && at?.ToUniversalTime() == d.Value);
}
