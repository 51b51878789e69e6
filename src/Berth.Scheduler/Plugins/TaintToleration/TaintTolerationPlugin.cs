using Berth.Client.Scheduling;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Filter: a NoSchedule or NoExecute taint the pod does not tolerate keeps it off the node. Score:
/// fewer untolerated PreferNoSchedule taints is better (normalized in reverse).
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IScorePlugin
{
    public string Name => "TaintToleration";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) => PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Taints.Count == 0)
        {
            return Status.Success;
        }
        return Tolerations.FindUntolerated(node.Taints, pod.Pod.Spec?.Tolerations, Tolerations.DoNotSchedule) is { } taint
            ? Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}")
            : Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot)
    {
        var tolerations = (pod.Pod.Spec?.Tolerations ?? []).Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == Tolerations.PreferNoSchedule).ToArray();
        state.Write(CycleSlots.TaintTolerationScore, new PreferNoScheduleTolerations(tolerations));
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        if (node.Taints.Count == 0)
        {
            return 0;
        }
        var tolerations = state.Read<PreferNoScheduleTolerations>(CycleSlots.TaintTolerationScore)!.Tolerations;
        long untolerated = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect == Tolerations.PreferNoSchedule && !Tolerations.TolerateTaint(tolerations, taint))
            {
                untolerated++;
            }
        }
        return untolerated;
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores) => ScoreNormalization.ToMax(scores, reverse: true);

    private sealed record PreferNoScheduleTolerations(V1Toleration[] Tolerations) : ICycleData
    {
        public ICycleData Copy() => this;
    }
}
