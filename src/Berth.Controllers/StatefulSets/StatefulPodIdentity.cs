using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// The stable identity of a StatefulSet's pods (kube's stateful_set_utils): the pod of ordinal N is
/// SET-N, labelled with its name and index and the revision it was made from, with hostname SET-N
/// and subdomain the set's serviceName; each volumeClaimTemplate CLAIM gives it the claim
/// CLAIM-SET-N, mounted in place of any pod volume of the same name.
/// </summary>
public static partial class StatefulPodIdentity
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    [GeneratedRegex("^(.*)-([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PodName();

    /// <summary>The parent name and ordinal a pod's name carries; ("", -1) when it carries none.</summary>
    public static (string Parent, int Ordinal) ParentAndOrdinal(string? podName)
    {
        var match = PodName().Match(podName ?? "");
        if (!match.Success)
        {
            return ("", -1);
        }
        return (match.Groups[1].Value, int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1);
    }

    public static int Ordinal(V1Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Ordinal;

    public static bool IsMemberOf(V1StatefulSet set, V1Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Parent == set.Metadata.Name;

    public static int Replicas(V1StatefulSet set) => set.Spec.Replicas ?? 1;

    /// <summary>The first ordinal (spec.ordinals.start, 0 by default).</summary>
    public static int StartOrdinal(V1StatefulSet set) => set.Spec.Ordinals?.Start ?? 0;

    /// <summary>Whether the pod's ordinal is one the set wants now (start ≤ ordinal &lt; start + replicas).</summary>
    public static bool InRange(V1StatefulSet set, V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        return ordinal >= StartOrdinal(set) && ordinal < StartOrdinal(set) + Replicas(set);
    }

    public static string PodNameOf(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(V1StatefulSet set, V1PersistentVolumeClaim template, int ordinal) =>
        $"{template.Metadata?.Name}-{PodNameOf(set, ordinal)}";

    public static string? Revision(V1Pod pod) => pod.Metadata.Labels is { } labels && labels.TryGetValue(RevisionLabel, out var revision) ? revision : null;

    public static bool IdentityMatches(V1StatefulSet set, V1Pod pod)
    {
        var (parent, ordinal) = ParentAndOrdinal(pod.Metadata.Name);
        return ordinal >= 0
            && parent == set.Metadata.Name
            && pod.Metadata.NamespaceProperty == set.Metadata.NamespaceProperty
            && pod.Metadata.Labels is { } labels && labels.TryGetValue(PodNameLabel, out var name) && name == pod.Metadata.Name;
    }

    /// <summary>Whether every claim template is mounted from the pod's own claim.</summary>
    public static bool StorageMatches(V1StatefulSet set, V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        if (ordinal < 0)
        {
            return false;
        }
        var volumes = (pod.Spec?.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        return (set.Spec.VolumeClaimTemplates ?? []).All(template =>
            volumes.TryGetValue(template.Metadata?.Name ?? "", out var volume)
            && volume.PersistentVolumeClaim?.ClaimName == ClaimName(set, template, ordinal));
    }

    /// <summary>The claims a pod of this ordinal uses, as they are created: the templates named for the pod, labelled with the set's selector labels.</summary>
    public static IReadOnlyList<(string Template, V1PersistentVolumeClaim Claim)> Claims(V1StatefulSet set, int ordinal)
    {
        var claims = new List<(string, V1PersistentVolumeClaim)>();
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = ModelCopy.Clone(template, ModelJsonContext.Default.V1PersistentVolumeClaim);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Metadata ??= new V1ObjectMeta();
            claim.Metadata.Name = ClaimName(set, template, ordinal);
            claim.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
            var labels = claim.Metadata.Labels is { } own ? new Dictionary<string, string>(own) : [];
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                labels[key] = value;
            }
            claim.Metadata.Labels = labels.Count == 0 ? null : labels;
            claim.Status = null;
            claims.Add((template.Metadata?.Name ?? "", claim));
        }
        return claims;
    }

    /// <summary>A new pod for the ordinal from this template (kube's newStatefulSetPod), labelled with its revision.</summary>
    public static V1Pod NewPod(V1StatefulSet set, V1PodTemplateSpec template, int ordinal, string revision)
    {
        var name = PodNameOf(set, ordinal);
        var pod = PodTemplates.NewPod(template, set.Metadata.NamespaceProperty, ControllerRefs.To("apps/v1", StatefulSetController.Kind, set.Metadata), "", name);
        UpdateIdentity(set, pod);
        pod.Spec.Hostname = name;
        pod.Spec.Subdomain = string.IsNullOrEmpty(set.Spec.ServiceName) ? null : set.Spec.ServiceName;
        UpdateStorage(set, pod);
        pod.Metadata.Labels![RevisionLabel] = revision;
        return pod;
    }

    /// <summary>Puts the pod's name, namespace and the pod-name and pod-index labels right.</summary>
    public static void UpdateIdentity(V1StatefulSet set, V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        pod.Metadata.Name = PodNameOf(set, ordinal);
        pod.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[PodNameLabel] = pod.Metadata.Name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Mounts each claim template from the pod's claim, replacing a pod volume of the same name.</summary>
    public static void UpdateStorage(V1StatefulSet set, V1Pod pod)
    {
        var claims = Claims(set, Ordinal(pod));
        var names = claims.Select(c => c.Template).ToHashSet(StringComparer.Ordinal);
        pod.Spec.Volumes =
        [
            .. claims.Select(c => new V1Volume
            {
                Name = c.Template,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = c.Claim.Metadata.Name, ReadOnlyProperty = false },
            }),
            .. (pod.Spec.Volumes ?? new List<V1Volume>()).Where(v => !names.Contains(v.Name)),
        ];
        if (pod.Spec.Volumes.Count == 0)
        {
            pod.Spec.Volumes = null;
        }
    }
}
