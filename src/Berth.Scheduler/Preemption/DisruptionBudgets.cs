using Berth.Client.Selectors;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Preemption;

/// <summary>
/// Splits would-be victims into those whose eviction would exceed a PodDisruptionBudget's
/// disruptionsAllowed and the others (kube's filterPodsWithPDBViolation), keeping their order.
/// A budget with an empty selector matches nothing; a pod it already lists as disrupted does not
/// count again.
/// </summary>
internal static class DisruptionBudgets
{
    public static (List<PodInfo> Violating, List<PodInfo> NonViolating) Split(IEnumerable<PodInfo> pods, IReadOnlyCollection<V1PodDisruptionBudget> budgets)
    {
        var allowed = budgets.Select(b => b.Status?.DisruptionsAllowed ?? 0).ToArray();
        var selectors = budgets.Select(b => b.Spec?.Selector is { } s && ((s.MatchLabels?.Count ?? 0) + (s.MatchExpressions?.Count ?? 0)) > 0 ? LabelSelector.From(s) : LabelSelector.Nothing).ToArray();
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var pod in pods)
        {
            var violates = false;
            var index = 0;
            foreach (var budget in budgets)
            {
                var i = index++;
                if (pod.Labels.Count == 0 || budget.Metadata.NamespaceProperty != pod.Namespace || !selectors[i].Matches(pod.Labels)
                    || budget.Status?.DisruptedPods?.ContainsKey(pod.Name) == true)
                {
                    continue;
                }
                if (--allowed[i] < 0)
                {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).Add(pod);
        }
        return (violating, nonViolating);
    }
}
