using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// InterPodAffinity's PreFilter data: per topology domain, the existing pods whose required
/// anti-affinity the incoming pod would break, and the pods matching the incoming pod's required
/// affinity and anti-affinity terms.
/// </summary>
internal sealed class AffinityFilterState(PodInfo pod, IDictionary<string, string>? namespaceLabels) : ICycleData
{
    public PodInfo Pod => pod;

    /// <summary>The labels of the incoming pod's namespace, which existing pods' namespace selectors read.</summary>
    public IDictionary<string, string>? NamespaceLabels => namespaceLabels;

    public TopologyCounts ExistingAntiAffinity { get; private init; } = new();

    public TopologyCounts Affinity { get; private init; } = new();

    public TopologyCounts AntiAffinity { get; private init; } = new();

    /// <summary>Accounts for <paramref name="other"/> added (+1) to or removed (-1) from <paramref name="node"/>.</summary>
    public void Update(PodInfo other, NodeInfo node, IDictionary<string, string>? otherNamespaceLabels, long value)
    {
        ExistingAntiAffinity.AddEachMatching(other.RequiredAntiAffinityTerms, pod, namespaceLabels, node, value);
        Affinity.AddIfAllMatch(pod.RequiredAffinityTerms, other, otherNamespaceLabels, node, value);
        AntiAffinity.AddEachMatching(pod.RequiredAntiAffinityTerms, other, otherNamespaceLabels, node, value);
    }

    public ICycleData Copy() => new AffinityFilterState(pod, namespaceLabels)
    {
        ExistingAntiAffinity = ExistingAntiAffinity.Clone(),
        Affinity = Affinity.Clone(),
        AntiAffinity = AntiAffinity.Clone(),
    };
}
