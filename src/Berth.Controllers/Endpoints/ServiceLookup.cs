using Berth.Client.Informers;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>The Services whose selector picks a pod (before or after a change), as endpoint controllers enqueue them.</summary>
public sealed class ServiceLookup(Informer<V1Service> services)
{
    public IEnumerable<string> Selecting(V1Pod pod) =>
        services.Cache.InNamespace(pod.Metadata.NamespaceProperty)
            .Where(s => LabelSelector.FromMap(s.Spec?.Selector).Matches(pod.Metadata.Labels))
            .Select(ObjectKey.Of);

    /// <summary>Hands every Service that selected the pod before or selects it now to <paramref name="enqueue"/>.</summary>
    public InformerHandler<V1Pod> PodHandler(Action<string> enqueue) => new(
        pod => Enqueue(pod, null, enqueue),
        (old, current) =>
        {
            if (old.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
            {
                Enqueue(current, old, enqueue);
            }
        },
        pod => Enqueue(pod, null, enqueue));

    private void Enqueue(V1Pod pod, V1Pod? old, Action<string> enqueue)
    {
        foreach (var key in Selecting(pod).Concat(old is null ? [] : Selecting(old)).Distinct())
        {
            enqueue(key);
        }
    }
}
