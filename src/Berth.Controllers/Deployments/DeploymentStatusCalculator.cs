using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>
/// A Deployment's status from its ReplicaSets (kube's calculateStatus and syncRolloutStatus):
/// counts, the Available condition, and the Progressing condition with its deadline.
/// </summary>
public static class DeploymentStatusCalculator
{
    public static V1DeploymentStatus Calculate(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> all, DateTime now)
    {
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = all.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, RolloutMath.Replicas(d) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(Copy).ToList(),
        };
        var availableCondition = available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
        DeploymentConditions.Set(status, availableCondition);
        if (newRs?.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True") is { } failure)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, "True", failure.Reason, failure.Message, now));
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }
        return status;
    }

    /// <summary>Every pod is of the new template and available, and no old pod is left.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus status) =>
        status.UpdatedReplicas == RolloutMath.Replicas(d)
        && status.Replicas == RolloutMath.Replicas(d)
        && status.AvailableReplicas == RolloutMath.Replicas(d)
        && status.ObservedGeneration >= d.Metadata.Generation;

    public static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    /// <summary>
    /// Sets the Progressing condition for this sync (kube's syncRolloutStatus): complete, moving
    /// (some count improved since the stored status), or past its deadline. A timed-out rollout stays
    /// timed out until the template changes. Returns when to look again for the deadline, if at all.
    /// </summary>
    public static TimeSpan? SetProgress(V1Deployment d, V1ReplicaSet? newRs, V1DeploymentStatus status, DateTime now)
    {
        if (!HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
            return null;
        }
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (current?.Reason == DeploymentConditions.ProgressDeadlineExceeded || d.Spec.Paused == true)
        {
            return null;
        }
        var rsName = newRs?.Metadata.Name ?? "";
        if (IsComplete(d, status))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable,
                DeploymentConditions.ReplicaSetMessage("has successfully progressed.", rsName), now));
            return null;
        }
        if (IsProgressing(d, status))
        {
            var progressing = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated,
                DeploymentConditions.ReplicaSetMessage("is progressing.", rsName), now);
            if (current is { Status: "True" })
            {
                progressing.LastTransitionTime = current.LastTransitionTime;
            }
            DeploymentConditions.Set(status, progressing);
            status.Conditions!.First(c => c.Type == DeploymentConditions.Progressing).LastUpdateTime = now;
            return TimeSpan.FromSeconds(d.Spec.ProgressDeadlineSeconds!.Value) + TimeSpan.FromSeconds(1);
        }
        if (current?.LastUpdateTime is { } lastUpdate && lastUpdate.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded,
                DeploymentConditions.ReplicaSetMessage("has timed out progressing.", rsName), now));
            return null;
        }
        var since = current?.LastUpdateTime ?? now;
        return since.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now + TimeSpan.FromSeconds(1);
    }

    /// <summary>Some count moved forward since the stored status (kube's DeploymentProgressing).</summary>
    private static bool IsProgressing(V1Deployment d, V1DeploymentStatus next)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (next.Replicas ?? 0) - (next.UpdatedReplicas ?? 0);
        return newOld < oldOld
            || (next.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || (next.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (next.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool Equal(V1DeploymentStatus? a, V1DeploymentStatus b) =>
        a is not null
        && (a.ObservedGeneration, a.Replicas ?? 0, a.UpdatedReplicas ?? 0, a.ReadyReplicas ?? 0, a.AvailableReplicas ?? 0, a.UnavailableReplicas ?? 0, a.CollisionCount)
            == (b.ObservedGeneration, b.Replicas ?? 0, b.UpdatedReplicas ?? 0, b.ReadyReplicas ?? 0, b.AvailableReplicas ?? 0, b.UnavailableReplicas ?? 0, b.CollisionCount)
        && (a.Conditions?.Count ?? 0) == (b.Conditions?.Count ?? 0)
        && (a.Conditions ?? []).All(x => b.Conditions!.Any(y =>
            (x.Type, x.Status, x.Reason, x.Message, x.LastUpdateTime, x.LastTransitionTime) == (y.Type, y.Status, y.Reason, y.Message, y.LastUpdateTime, y.LastTransitionTime)));

    private static V1DeploymentCondition Copy(V1DeploymentCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastUpdateTime = c.LastUpdateTime,
        LastTransitionTime = c.LastTransitionTime,
    };
}
