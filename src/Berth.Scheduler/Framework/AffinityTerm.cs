using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// A parsed PodAffinityTerm (kube-scheduler's framework.AffinityTerm): the pods it selects are in
/// <see cref="Namespaces"/> or in a namespace whose labels match <see cref="NamespaceSelector"/>,
/// and have labels matching <see cref="Selector"/>; they count per value of <see cref="TopologyKey"/>.
/// With neither namespaces nor a namespace selector, the term is about the pod's own namespace.
/// </summary>
public sealed class AffinityTerm
{
    public AffinityTerm(V1Pod owner, V1PodAffinityTerm term)
    {
        Selector = LabelSelector.From(term.LabelSelector);
        TopologyKey = term.TopologyKey ?? "";
        NamespaceSelector = LabelSelector.From(term.NamespaceSelector);
        Namespaces = (term.Namespaces?.Count ?? 0) == 0 && term.NamespaceSelector is null
            ? new HashSet<string>(StringComparer.Ordinal) { owner.Metadata.NamespaceProperty ?? "" }
            : new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Namespaces { get; }

    public LabelSelector Selector { get; }

    public LabelSelector NamespaceSelector { get; }

    public string TopologyKey { get; }

    /// <summary>True when the term selects <paramref name="pod"/>; <paramref name="namespaceLabels"/> are those of the pod's namespace.</summary>
    public bool Matches(PodInfo pod, IDictionary<string, string>? namespaceLabels) =>
        (Namespaces.Contains(pod.Namespace) || NamespaceSelector.Matches(namespaceLabels)) && Selector.Matches(pod.Labels);
}
