using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>
/// Where a pod may run by its own spec (component-helpers nodeaffinity.GetRequiredNodeAffinity):
/// every <c>spec.nodeSelector</c> label, and the required node affinity's terms when it has them.
/// Shared by the scheduler's NodeAffinity filter and the DaemonSet controller.
/// </summary>
public sealed class RequiredNodeAffinity
{
    private readonly IDictionary<string, string>? _nodeSelector;
    private readonly NodeSelectorMatcher? _affinity;

    private RequiredNodeAffinity(IDictionary<string, string>? nodeSelector, NodeSelectorMatcher? affinity)
    {
        _nodeSelector = nodeSelector is { Count: > 0 } ? nodeSelector : null;
        _affinity = affinity;
    }

    /// <summary>Requires nothing: every node matches.</summary>
    public static RequiredNodeAffinity Anywhere { get; } = new(null, null);

    public static RequiredNodeAffinity Of(V1Pod pod) => Of(pod.Spec);

    public static RequiredNodeAffinity Of(V1PodSpec? spec) =>
        spec?.NodeSelector is not { Count: > 0 } && spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is null
            ? Anywhere
            : new(spec.NodeSelector, spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required ? NodeSelectorMatcher.From(required) : null);

    /// <summary>True when the pod requires nothing of its node.</summary>
    public bool IsAnywhere => _nodeSelector is null && _affinity is null;

    public bool Matches(V1Node node) => Matches(node.Metadata.Labels, node.Metadata.Name);

    public bool Matches(IDictionary<string, string>? labels, string? nodeName)
    {
        if (_nodeSelector is not null)
        {
            foreach (var (key, value) in _nodeSelector)
            {
                if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }
        return _affinity is null || _affinity.Matches(labels, nodeName);
    }
}
