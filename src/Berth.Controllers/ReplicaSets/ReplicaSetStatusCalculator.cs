using k8s.Models;
using Berth.Controllers.Pods;

namespace Berth.Controllers.ReplicaSets;

/// <summary>A ReplicaSet's status from the pods it owns (kube's calculateStatus).</summary>
public static class ReplicaSetStatusCalculator
{
    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, IReadOnlyList<V1Pod> pods, Exception? manageError, DateTime now)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var conditions = (rs.Status?.Conditions ?? []).Where(c => c.Type != "ReplicaFailure").ToList();
        if (manageError is not null)
        {
            var previous = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure");
            var reason = (pods.Count < (rs.Spec.Replicas ?? 1)) ? "FailedCreate" : "FailedDelete";
            conditions.Add(new V1ReplicaSetCondition
            {
                Type = "ReplicaFailure",
                Status = "True",
                Reason = reason,
                Message = manageError.Message,
                LastTransitionTime = previous?.LastTransitionTime ?? now,
            });
        }
        return new V1ReplicaSetStatus
        {
            Replicas = pods.Count,
            FullyLabeledReplicas = pods.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            ReadyReplicas = pods.Count(PodConditions.IsReady),
            AvailableReplicas = pods.Count(p => PodConditions.IsAvailable(p, rs.Spec.MinReadySeconds ?? 0, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }

    public static bool Equal(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is not null
        && (a.Replicas, a.FullyLabeledReplicas ?? 0, a.ReadyReplicas ?? 0, a.AvailableReplicas ?? 0, a.ObservedGeneration)
            == (b.Replicas, b.FullyLabeledReplicas ?? 0, b.ReadyReplicas ?? 0, b.AvailableReplicas ?? 0, b.ObservedGeneration)
        && (a.Conditions?.Count ?? 0) == (b.Conditions?.Count ?? 0)
        && (a.Conditions ?? []).Zip(b.Conditions ?? []).All(p => (p.First.Type, p.First.Status, p.First.Reason, p.First.Message) == (p.Second.Type, p.Second.Status, p.Second.Reason, p.Second.Message));
}
