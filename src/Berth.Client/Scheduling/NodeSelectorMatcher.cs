using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>
/// A v1 NodeSelector as kube evaluates it (component-helpers nodeaffinity.NodeSelector): its terms
/// are ORed; an empty term, or one that does not parse, matches nothing, so a selector without
/// usable terms matches no node.
/// </summary>
public sealed class NodeSelectorMatcher
{
    private readonly NodeSelectorTermMatcher[] _terms;

    private NodeSelectorMatcher(NodeSelectorTermMatcher[] terms) => _terms = terms;

    public static NodeSelectorMatcher From(V1NodeSelector selector) =>
        new([.. (selector.NodeSelectorTerms ?? []).Where(t => !NodeSelectorTermMatcher.IsEmpty(t)).Select(NodeSelectorTermMatcher.From)]);

    public bool Matches(V1Node node) => Matches(node.Metadata.Labels, node.Metadata.Name);

    public bool Matches(IDictionary<string, string>? labels, string? nodeName)
    {
        foreach (var term in _terms)
        {
            if (term.Matches(labels, nodeName))
            {
                return true;
            }
        }
        return false;
    }
}
