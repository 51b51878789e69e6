using Berth.Client.Scheduling;
using Berth.Client.Selectors;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// One topology spread constraint as the plugin evaluates it: the selector already merged with the
/// matchLabelKeys values of the pod, minDomains 1 when unset, nodeAffinityPolicy Honor and
/// nodeTaintsPolicy Ignore when unset.
/// </summary>
internal sealed record SpreadConstraint(int MaxSkew, string TopologyKey, LabelSelector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
{
    public const string Hostname = "kubernetes.io/hostname";

    /// <summary>Whether a node counts for this constraint under its node inclusion policies.</summary>
    public bool Includes(PodInfo pod, NodeInfo node, RequiredNodeAffinity affinity) =>
        (!HonorNodeAffinity || affinity.Matches(node.Labels, node.Name))
        && (!HonorNodeTaints || Tolerations.FindUntolerated(node.Taints, pod.Pod.Spec?.Tolerations, Tolerations.DoNotSchedule) is null);

    /// <summary>True when the node has the topology key of every constraint.</summary>
    public static bool AllKeysOn(NodeInfo node, List<SpreadConstraint> constraints)
    {
        foreach (var constraint in constraints)
        {
            if (!node.Labels.ContainsKey(constraint.TopologyKey))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The pod's own constraints with this whenUnsatisfiable action.</summary>
    public static List<SpreadConstraint> Explicit(PodInfo pod, string action) =>
        [.. (pod.Pod.Spec?.TopologySpreadConstraints ?? [])
            .Where(c => c.WhenUnsatisfiable == action)
            .Select(c => new SpreadConstraint(
                c.MaxSkew,
                c.TopologyKey ?? "",
                MergedSelector(c, pod),
                c.MinDomains ?? 1,
                c.NodeAffinityPolicy != "Ignore",
                c.NodeTaintsPolicy == "Honor"))];

    /// <summary>
    /// kube's system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over
    /// the selector of the Services and controller that own the pod; none when nothing selects it.
    /// </summary>
    public static List<SpreadConstraint> Defaults(PodInfo pod, string action, ClusterSnapshot snapshot)
    {
        if (action != "ScheduleAnyway" || snapshot.Workloads.DefaultSelector(pod) is not { } selector)
        {
            return [];
        }
        return
        [
            new SpreadConstraint(3, Hostname, selector, 1, HonorNodeAffinity: true, HonorNodeTaints: false),
            new SpreadConstraint(5, "topology.kubernetes.io/zone", selector, 1, HonorNodeAffinity: true, HonorNodeTaints: false),
        ];
    }

    private static LabelSelector MergedSelector(V1TopologySpreadConstraint constraint, PodInfo pod)
    {
        var extra = (constraint.MatchLabelKeys ?? [])
            .Where(pod.Labels.ContainsKey)
            .Select(key => new V1LabelSelectorRequirement { Key = key, OperatorProperty = "In", Values = [pod.Labels[key]] })
            .ToList();
        if (extra.Count == 0)
        {
            return LabelSelector.From(constraint.LabelSelector);
        }
        return LabelSelector.From(new V1LabelSelector
        {
            MatchLabels = constraint.LabelSelector?.MatchLabels,
            MatchExpressions = [.. constraint.LabelSelector?.MatchExpressions ?? [], .. extra],
        });
    }
}
