using System.Globalization;
using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>The annotations a Deployment and its ReplicaSets carry (kube's deployment util).</summary>
public static class RevisionAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Annotations a Deployment never copies to its ReplicaSets.</summary>
    private static readonly HashSet<string> NotCopied = [LastApplied, Revision, RevisionHistory, DesiredReplicas, MaxReplicas];

    public static string? Get(V1ObjectMeta meta, string key) => meta.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    public static long RevisionOf(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(Revision, out var text) == true && long.TryParse(text, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>
    /// Brings a new ReplicaSet's annotations up to date (kube's SetNewReplicaSetAnnotations):
    /// the Deployment's own annotations, the new revision (the old one remembered in
    /// revision-history when a rollback revives it), desired and max replicas. True when changed.
    /// </summary>
    public static bool SetOnNewReplicaSet(V1Deployment d, V1ReplicaSet rs, long newRevision, bool existed, int maxSurge)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = CopyFromDeployment(d, annotations);
        var oldRevision = RevisionOf(rs.Metadata);
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (existed && oldRevision > 0)
            {
                annotations[RevisionHistory] = annotations.TryGetValue(RevisionHistory, out var history) && history.Length > 0
                    ? $"{history},{oldRevision}"
                    : oldRevision.ToString(CultureInfo.InvariantCulture);
            }
        }
        return SetReplicas(annotations, RolloutMath.Replicas(d), RolloutMath.Replicas(d) + maxSurge) || changed;
    }

    /// <summary>desired-replicas and max-replicas, as proportional scaling reads them; true when changed.</summary>
    public static bool SetReplicas(IDictionary<string, string> annotations, int desired, int max)
    {
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicas, desired), (MaxReplicas, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (!annotations.TryGetValue(key, out var current) || current != text)
            {
                annotations[key] = text;
                changed = true;
            }
        }
        return changed;
    }

    public static int? MaxReplicasOf(V1ReplicaSet rs) =>
        rs.Metadata.Annotations?.TryGetValue(MaxReplicas, out var text) == true && int.TryParse(text, CultureInfo.InvariantCulture, out var max) ? max : null;

    private static bool CopyFromDeployment(V1Deployment d, IDictionary<string, string> annotations)
    {
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (NotCopied.Contains(key) || (annotations.TryGetValue(key, out var current) && current == value))
            {
                continue;
            }
            annotations[key] = value;
            changed = true;
        }
        return changed;
    }
}
