using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// A pod's requests or limits as quantities (k8s.io/component-helpers/resource PodRequests and
/// PodLimits): containers summed, sidecars (restartable init containers) added, each init container
/// (with the sidecars started before it) a floor; the overhead on top (for limits, only where a limit is set).
/// </summary>
public static class PodResourceTotals
{
    public static Dictionary<string, ResourceQuantity> Requests(V1PodSpec spec) => Total(spec, c => c.Resources?.Requests, overheadOnSet: false);

    public static Dictionary<string, ResourceQuantity> Limits(V1PodSpec spec) => Total(spec, c => c.Resources?.Limits, overheadOnSet: true);

    private static Dictionary<string, ResourceQuantity> Total(V1PodSpec spec, Func<V1Container, IDictionary<string, ResourceQuantity>?> of, bool overheadOnSet)
    {
        var sum = ResourceUsage.Empty();
        foreach (var container in spec.Containers ?? [])
        {
            sum = ResourceUsage.Add(sum, of(container));
        }
        var sidecars = ResourceUsage.Empty();
        var floor = ResourceUsage.Empty();
        foreach (var container in spec.InitContainers ?? [])
        {
            Dictionary<string, ResourceQuantity> whileRunning;
            if (container.RestartPolicy == "Always")
            {
                sum = ResourceUsage.Add(sum, of(container));
                sidecars = ResourceUsage.Add(sidecars, of(container));
                whileRunning = sidecars;
            }
            else
            {
                whileRunning = ResourceUsage.Add(of(container), sidecars);
            }
            MaxInto(floor, whileRunning);
        }
        MaxInto(sum, floor);
        foreach (var (name, quantity) in spec.Overhead ?? new Dictionary<string, ResourceQuantity>())
        {
            if (!overheadOnSet || sum.ContainsKey(name))
            {
                sum = ResourceUsage.Add(sum, new Dictionary<string, ResourceQuantity> { [name] = quantity });
            }
        }
        return sum;
    }

    private static void MaxInto(Dictionary<string, ResourceQuantity> target, Dictionary<string, ResourceQuantity> other)
    {
        foreach (var (name, quantity) in other)
        {
            if (!target.TryGetValue(name, out var current) || quantity.ToDecimal() > current.ToDecimal())
            {
                target[name] = quantity;
            }
        }
    }
}
