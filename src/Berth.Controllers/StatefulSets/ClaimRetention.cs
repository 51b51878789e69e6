using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// Which owners a StatefulSet's claims carry under its persistentVolumeClaimRetentionPolicy (kube's
/// isClaimOwnerUpToDate and updateClaimOwnerRefForSetAndPod), so the garbage collector removes them
/// when the policy says Delete:
/// <code>
///   whenScaled  whenDeleted   owner of the claim
///   Retain      Retain        none
///   Retain      Delete        the set
///   Delete      Retain        the pod, once its ordinal is scaled away
///   Delete      Delete        the pod once scaled away, the set before
/// </code>
/// A claim controlled by something else, or referring to an earlier set or pod of the same name,
/// is left alone.
/// </summary>
public static class ClaimRetention
{
    public const string Retain = "Retain";
    public const string Delete = "Delete";
    private const string SetApiVersion = "apps/v1";

    public static (string WhenDeleted, string WhenScaled) Policy(V1StatefulSet set)
    {
        var policy = set.Spec.PersistentVolumeClaimRetentionPolicy;
        return (policy?.WhenDeleted ?? Retain, policy?.WhenScaled ?? Retain);
    }

    /// <summary>Whether the claim's owner references already say what the policy wants.</summary>
    public static bool IsUpToDate(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        if (HasStaleOwnerRef(claim, set.Metadata, SetApiVersion, StatefulSetController.Kind) || HasStaleOwnerRef(claim, pod.Metadata, "v1", "Pod"))
        {
            return true;
        }
        if (HasUnexpectedController(claim, set, pod))
        {
            return !HasOwnerRef(claim, set.Metadata) && !HasOwnerRef(claim, pod.Metadata);
        }
        if (HasNonControllerOwner(claim, set, pod))
        {
            return false;
        }
        var (setOwns, podOwns) = WantedOwners(set, pod);
        return HasOwnerRef(claim, set.Metadata) == setOwns && HasOwnerRef(claim, pod.Metadata) == podOwns;
    }

    /// <summary>The claim's owner references as the policy wants them: others kept, the set's and pod's replaced.</summary>
    public static List<V1OwnerReference> OwnerRefs(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        var unexpected = HasUnexpectedController(claim, set, pod);
        var refs = (claim.Metadata.OwnerReferences ?? [])
            .Where(r => !Refers(r, set.Metadata, SetApiVersion, StatefulSetController.Kind) && !Refers(r, pod.Metadata, "v1", "Pod"))
            .ToList();
        if (unexpected)
        {
            return refs;
        }
        var (setOwns, podOwns) = WantedOwners(set, pod);
        if (setOwns)
        {
            refs.Add(ControllerRefs.To(SetApiVersion, StatefulSetController.Kind, set.Metadata));
        }
        if (podOwns)
        {
            refs.Add(ControllerRefs.To("v1", "Pod", pod.Metadata));
        }
        return refs;
    }

    /// <summary>A claim left by an earlier pod of this ordinal whose scale-down deletes it: a new pod must wait for it to go.</summary>
    public static bool IsStale(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod) =>
        Policy(set).WhenScaled != Retain && HasStaleOwnerRef(claim, pod.Metadata, "v1", "Pod");

    /// <summary>Whether the policy wants the set and the pod to own the claim.</summary>
    private static (bool Set, bool Pod) WantedOwners(V1StatefulSet set, V1Pod pod)
    {
        var (whenDeleted, whenScaled) = Policy(set);
        var scaledDown = !StatefulPodIdentity.InRange(set, pod);
        var podOwns = whenScaled == Delete && scaledDown;
        var setOwns = whenDeleted == Delete && !podOwns;
        return (setOwns, podOwns);
    }

    /// <summary>A controller other than the set or the pod (only matters when something is to be deleted).</summary>
    public static bool HasUnexpectedController(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        if (Policy(set) == (Retain, Retain))
        {
            return false;
        }
        foreach (var reference in claim.Metadata.OwnerReferences ?? [])
        {
            if (Refers(reference, set.Metadata, SetApiVersion, StatefulSetController.Kind))
            {
                if (reference.Uid != set.Metadata.Uid)
                {
                    return true;
                }
                continue;
            }
            if (Refers(reference, pod.Metadata, "v1", "Pod"))
            {
                if (reference.Uid != pod.Metadata.Uid)
                {
                    return true;
                }
                continue;
            }
            if (reference.Controller == true)
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasNonControllerOwner(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod) =>
        (claim.Metadata.OwnerReferences ?? []).Any(r => (r.Uid == set.Metadata.Uid || r.Uid == pod.Metadata.Uid) && r.Controller != true);

    private static bool HasOwnerRef(V1PersistentVolumeClaim claim, V1ObjectMeta owner) =>
        (claim.Metadata.OwnerReferences ?? []).Any(r => r.Uid == owner.Uid);

    /// <summary>A reference to an object of this kind and name with another uid: an earlier object of the same name.</summary>
    private static bool HasStaleOwnerRef(V1PersistentVolumeClaim claim, V1ObjectMeta owner, string apiVersion, string kind) =>
        (claim.Metadata.OwnerReferences ?? []).FirstOrDefault(r => Refers(r, owner, apiVersion, kind)) is { } reference && reference.Uid != owner.Uid;

    private static bool Refers(V1OwnerReference reference, V1ObjectMeta owner, string apiVersion, string kind) =>
        reference.ApiVersion == apiVersion && reference.Kind == kind && reference.Name == owner.Name;
}
