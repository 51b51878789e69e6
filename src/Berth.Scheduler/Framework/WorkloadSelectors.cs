using Berth.Client.Informers;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// The Services, ReplicationControllers, ReplicaSets and StatefulSets of the cluster, from which a
/// pod without topology spread constraints gets the selector its default constraints count
/// (kube-scheduler's helper.DefaultSelector): the selectors of the Services that select the pod,
/// and its controlling owner's.
/// </summary>
public sealed class WorkloadSelectors
{
    private readonly Dictionary<string, Dictionary<string, V1Service>> _services = new(StringComparer.Ordinal);

    public Dictionary<string, V1ReplicaSet> ReplicaSets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1StatefulSet> StatefulSets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1ReplicationController> ReplicationControllers { get; } = new(StringComparer.Ordinal);

    public void UpsertService(V1Service service)
    {
        var ns = service.Metadata.NamespaceProperty ?? "";
        if (!_services.TryGetValue(ns, out var services))
        {
            _services[ns] = services = new Dictionary<string, V1Service>(StringComparer.Ordinal);
        }
        services[service.Metadata.Name] = service;
    }

    public void RemoveService(string ns, string name)
    {
        if (_services.TryGetValue(ns, out var services) && services.Remove(name) && services.Count == 0)
        {
            _services.Remove(ns);
        }
    }

    /// <summary>The selector of the pod's default spreading; null when nothing selects the pod.</summary>
    public LabelSelector? DefaultSelector(PodInfo pod)
    {
        var requirements = new List<V1LabelSelectorRequirement>();
        if (_services.TryGetValue(pod.Namespace, out var services))
        {
            foreach (var service in services.Values)
            {
                if (service.Spec?.Selector is { } selector && LabelSelector.From(new V1LabelSelector { MatchLabels = selector }).Matches(pod.Labels))
                {
                    requirements.AddRange(Equalities(selector));
                }
            }
        }
        var owner = pod.Pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        var key = owner is null ? null : ObjectKey.Of(pod.Namespace, owner.Name);
        switch (owner?.ApiVersion, owner?.Kind)
        {
            case ("v1", "ReplicationController") when ReplicationControllers.TryGetValue(key!, out var rc):
                requirements.AddRange(Equalities(rc.Spec?.Selector));
                break;
            case ("apps/v1", "ReplicaSet") when ReplicaSets.TryGetValue(key!, out var rs):
                requirements.AddRange(Requirements(rs.Spec?.Selector));
                break;
            case ("apps/v1", "StatefulSet") when StatefulSets.TryGetValue(key!, out var ss):
                requirements.AddRange(Requirements(ss.Spec?.Selector));
                break;
        }
        return requirements.Count == 0 ? null : LabelSelector.From(new V1LabelSelector { MatchExpressions = requirements });
    }

    private static IEnumerable<V1LabelSelectorRequirement> Equalities(IDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>()).Select(l => new V1LabelSelectorRequirement { Key = l.Key, OperatorProperty = "In", Values = [l.Value] });

    private static IEnumerable<V1LabelSelectorRequirement> Requirements(V1LabelSelector? selector) =>
        Equalities(selector?.MatchLabels).Concat(selector?.MatchExpressions ?? []);
}
