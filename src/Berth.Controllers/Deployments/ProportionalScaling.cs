using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>
/// Sizes of a Deployment's ReplicaSets when it is scaled (kube's deployment sync.scale): the one
/// active ReplicaSet takes the new size; with several active in the middle of a rolling update,
/// the change is spread over them in proportion to their size, bigger first (newer first on the
/// way up, older first on the way down), the rounding leftover to the first.
/// </summary>
public static class ProportionalScaling
{
    /// <summary>The target size of each ReplicaSet that should change, by name; empty when nothing scales.</summary>
    public static Dictionary<string, int> Plan(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> oldRss)
    {
        var desired = RolloutMath.Replicas(d);
        if (ActiveOrLatest(newRs, oldRss) is { } only)
        {
            return only.Spec.Replicas == desired ? [] : new() { [only.Metadata.Name] = desired };
        }
        if (IsSaturated(d, newRs))
        {
            return oldRss.Where(rs => (rs.Spec.Replicas ?? 0) > 0).ToDictionary(rs => rs.Metadata.Name, _ => 0);
        }
        if (!RolloutMath.IsRollingUpdate(d))
        {
            return [];
        }
        var all = oldRss.Append(newRs).OfType<V1ReplicaSet>().Where(rs => (rs.Spec.Replicas ?? 0) > 0).ToList();
        var allowed = desired > 0 ? desired + RolloutMath.MaxSurge(d) : 0;
        var toAdd = allowed - all.Sum(rs => rs.Spec.Replicas ?? 0);
        if (toAdd == 0 || all.Count == 0)
        {
            return [];
        }
        var ordered = toAdd > 0
            ? all.OrderByDescending(rs => rs.Spec.Replicas).ThenByDescending(Created).ToList()
            : all.OrderByDescending(rs => rs.Spec.Replicas).ThenBy(Created).ToList();
        var sizes = new Dictionary<string, int>();
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = Proportion(rs, d, toAdd, added);
            sizes[rs.Metadata.Name] = (rs.Spec.Replicas ?? 0) + proportion;
            added += proportion;
        }
        var first = ordered[0].Metadata.Name;
        sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        return sizes;
    }

    /// <summary>The only active ReplicaSet, or the newest when none is active; null when several are.</summary>
    public static V1ReplicaSet? ActiveOrLatest(V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> oldRss)
    {
        var active = oldRss.Append(newRs).OfType<V1ReplicaSet>().Where(rs => (rs.Spec.Replicas ?? 0) > 0).ToList();
        return active.Count switch
        {
            0 => newRs ?? oldRss.OrderByDescending(Created).FirstOrDefault(),
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>The new ReplicaSet has all the desired pods, available, and knows the desired count.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null
        && rs.Spec.Replicas == RolloutMath.Replicas(d)
        && RevisionAnnotations.Get(rs.Metadata, RevisionAnnotations.DesiredReplicas) == RolloutMath.Replicas(d).ToString(System.Globalization.CultureInfo.InvariantCulture)
        && (rs.Status?.AvailableReplicas ?? 0) == RolloutMath.Replicas(d);

    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if ((rs.Spec.Replicas ?? 0) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }
        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        var size = rs.Spec.Replicas ?? 0;
        if (RolloutMath.Replicas(d) == 0)
        {
            return -size;
        }
        var deploymentReplicas = RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d);
        var annotated = RevisionAnnotations.MaxReplicasOf(rs) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0)
        {
            return 0;
        }
        return (int)Math.Round(size * (double)deploymentReplicas / annotated, MidpointRounding.AwayFromZero) - size;
    }

    private static DateTime Created(V1ReplicaSet rs) => rs.Metadata.CreationTimestamp ?? DateTime.MinValue;
}
