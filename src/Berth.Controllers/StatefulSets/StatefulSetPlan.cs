using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>The stages of one StatefulSet sync and the status its pods give.</summary>
public sealed record StatefulSetPlan(IReadOnlyList<StatefulSetStage> Stages, V1StatefulSetStatus Status)
{
    public IEnumerable<StatefulPodAction> Actions => Stages.SelectMany(s => s.Actions);
}
