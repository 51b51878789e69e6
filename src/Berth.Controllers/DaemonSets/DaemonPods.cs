using Berth.Client.Scheduling;
using Berth.Client.Serialization;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// A DaemonSet's pods (kube's daemon util): the template with the tolerations every daemon pod gets,
/// the revision labels, and the node it is for as required node affinity on metadata.name; the node
/// a pod is for, from its nodeName or that affinity.
/// </summary>
public static class DaemonPods
{
    public const string RevisionLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";

    /// <summary>Node conditions a daemon pod tolerates (AddOrUpdateDaemonPodTolerations): it keeps running on an unhealthy node.</summary>
    private static readonly (string Key, string Effect)[] s_tolerated =
    [
        (WellKnownTaints.NotReady, Tolerations.NoExecute),
        (WellKnownTaints.Unreachable, Tolerations.NoExecute),
        (WellKnownTaints.DiskPressure, Tolerations.NoSchedule),
        (WellKnownTaints.MemoryPressure, Tolerations.NoSchedule),
        (WellKnownTaints.PidPressure, Tolerations.NoSchedule),
        (WellKnownTaints.Unschedulable, Tolerations.NoSchedule),
    ];

    /// <summary>The template's tolerations with the automatic ones added (one the user gave with the same key, operator, value and effect is replaced).</summary>
    public static List<V1Toleration> WithDaemonTolerations(V1PodSpec spec)
    {
        var added = s_tolerated.Select(t => new V1Toleration { Key = t.Key, OperatorProperty = "Exists", Effect = t.Effect }).ToList();
        if (spec.HostNetwork == true)
        {
            added.Add(new V1Toleration { Key = WellKnownTaints.NetworkUnavailable, OperatorProperty = "Exists", Effect = Tolerations.NoSchedule });
        }
        var tolerations = (spec.Tolerations ?? []).Where(t => !added.Any(a => SameToleration(a, t))).ToList();
        tolerations.AddRange(added);
        return tolerations;
    }

    /// <summary>
    /// The pod for one node: the template with the automatic tolerations, labels
    /// controller-revision-hash and pod-template-generation, and its required node affinity replaced
    /// by the node's name, so the scheduler binds it there (kube's syncNodes).
    /// </summary>
    public static V1Pod NewPod(V1DaemonSet ds, V1OwnerReference owner, string hash, string node)
    {
        var template = ModelCopy.Clone(ds.Spec.Template, ModelJsonContext.Default.V1PodTemplateSpec);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels ??= new Dictionary<string, string>();
        template.Metadata.Labels[RevisionLabel] = hash;
        template.Metadata.Labels[TemplateGenerationLabel] = (ds.Metadata.Generation ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        template.Spec.Tolerations = WithDaemonTolerations(template.Spec);
        var nodeAffinity = (template.Spec.Affinity ??= new V1Affinity()).NodeAffinity ??= new V1NodeAffinity();
        nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [node] }] }],
        };
        return PodTemplates.NewPod(template, ds.Metadata.NamespaceProperty, owner, $"{ds.Metadata.Name}-");
    }

    /// <summary>The node a daemon pod is for: its nodeName, or the one name its required affinity allows (kube's GetTargetNodeName); null for neither.</summary>
    public static string? TargetNode(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms?.SelectMany(t => t.MatchFields ?? [])
            .FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In" && f.Values?.Count == 1)?.Values[0];
    }

    /// <summary>Whether the pod is from the DaemonSet's current template (its revision hash label).</summary>
    public static bool IsUpdated(V1Pod pod, string hash) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(RevisionLabel, out var value) && value == hash;

    private static bool SameToleration(V1Toleration a, V1Toleration b) =>
        (a.Key ?? "") == (b.Key ?? "") && (a.Effect ?? "") == (b.Effect ?? "") && (a.OperatorProperty ?? "") == (b.OperatorProperty ?? "") && (a.Value ?? "") == (b.Value ?? "");
}
