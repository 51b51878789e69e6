using System.Globalization;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's requests and limits as the downward API's resourceFieldRef gives them (kube's
/// ExtractContainerResourceValue): a limit the container does not set is the node's allocatable (kubelet's
/// defaultPodLimitsForDownwardAPI), a request it does not set is 0; the value is divided by the divisor (1 by
/// default) and rounded up, CPU in millicores.
/// </summary>
public static class ResourceFieldRefs
{
    public static string Resolve(V1Container container, string resource, ResourceQuantity? divisor, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var (quantity, isCpu) = resource.Split('.', 2) switch
        {
            ["limits", var name] when Supported(name) =>
                (Of(container.Resources?.Limits, name) ?? allocatable.GetValueOrDefault(name)?.ToDecimal() ?? 0m, name == "cpu"),
            ["requests", var name] when Supported(name) => (Of(container.Resources?.Requests, name) ?? 0m, name == "cpu"),
            _ => throw new PodStartException(ContainerEnvironment.ConfigError, $"unsupported container resource : {resource}"),
        };
        var by = divisor?.ToDecimal() is > 0m and var d ? d : 1m;
        // CPU is counted in millicores first, as kube's MilliValue does, so a 1m divisor gives millicores.
        var value = isCpu ? Math.Ceiling(Math.Ceiling(quantity * 1000m) / Math.Ceiling(by * 1000m)) : Math.Ceiling(Math.Ceiling(quantity) / Math.Ceiling(by));
        return value.ToString("0", CultureInfo.InvariantCulture);
    }

    private static bool Supported(string name) => name is "cpu" or "memory" or "ephemeral-storage" || name.StartsWith("hugepages-", StringComparison.Ordinal);

    private static decimal? Of(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) ? quantity.ToDecimal() : null;
}
