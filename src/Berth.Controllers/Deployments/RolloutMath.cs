using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>
/// The arithmetic of a rolling update (kube's deployment util): maxSurge rounds percentages up,
/// maxUnavailable down, and both zero means one may be unavailable so a rollout can move.
/// </summary>
public static class RolloutMath
{
    /// <summary>(maxSurge, maxUnavailable) for a desired count.</summary>
    public static (int Surge, int Unavailable) Fenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = IntOrPercent.Scaled(maxSurge ?? "25%", desired, roundUp: true);
        var unavailable = IntOrPercent.Scaled(maxUnavailable ?? "25%", desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type is null or "RollingUpdate";

    public static int MaxSurge(V1Deployment d) =>
        IsRollingUpdate(d) ? Fenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Surge : 0;

    /// <summary>How many pods may be unavailable during the update, never more than the desired count.</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }
        var unavailable = Fenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    /// <summary>
    /// The new ReplicaSet's size for this step of a rolling update: up to maxSurge above the
    /// desired count in total, never above the desired count itself (kube's NewRSNewReplicas).
    /// </summary>
    public static int NewReplicaSetReplicas(V1Deployment d, int allReplicas, int newReplicas)
    {
        if (!IsRollingUpdate(d))
        {
            return Replicas(d);
        }
        var maxTotal = Replicas(d) + MaxSurge(d);
        if (allReplicas >= maxTotal)
        {
            return newReplicas;
        }
        var scaleUp = Math.Min(maxTotal - allReplicas, Replicas(d) - newReplicas);
        return newReplicas + scaleUp;
    }

    /// <summary>
    /// How many old pods may go now: every pod above the minimum available, less the new
    /// ReplicaSet's pods that are not available yet (kube's reconcileOldReplicaSets).
    /// </summary>
    public static int MaxScaledDown(V1Deployment d, int allReplicas, int newReplicas, int newAvailable) =>
        allReplicas - (Replicas(d) - MaxUnavailable(d)) - (newReplicas - newAvailable);

    /// <summary>
    /// The pods an old ReplicaSet may still run: a shrunk one keeps its surplus until its controller
    /// has deleted them, so the new one grows only into room that is really free. kube counts sizes
    /// alone and may briefly run more than replicas + maxSurge pods.
    /// </summary>
    public static int PodsHeld(V1ReplicaSet rs) => Math.Max(rs.Spec.Replicas ?? 0, rs.Status?.Replicas ?? 0);

    /// <summary>A shrunk ReplicaSet's available pods beyond its size are being deleted, whatever its status still says.</summary>
    public static int AvailableAfterScaling(V1ReplicaSet rs) => Math.Min(rs.Spec.Replicas ?? 0, rs.Status?.AvailableReplicas ?? 0);
}
