namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// The Node labels a node may set on itself (NodeRestriction's getForbiddenLabels with kubelet's
/// IsKubeletLabel): none under node-restriction.kubernetes.io, and under kubernetes.io or k8s.io only
/// the well-known ones kubelet sets (hostname, os, arch, instance type, zone, region) and those of the
/// kubelet.kubernetes.io and node.kubernetes.io namespaces.
/// </summary>
public static class NodeLabelPolicy
{
    private static readonly HashSet<string> KubeletLabels =
    [
        "kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
        "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type",
        "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
    ];

    /// <summary>The keys, sorted, that differ between <paramref name="labels"/> and <paramref name="old"/> and a node may not set.</summary>
    public static List<string> Forbidden(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> old) =>
    [
        .. labels.Keys.Where(key => !old.TryGetValue(key, out var value) || value != labels[key])
            .Concat(old.Keys.Where(key => !labels.ContainsKey(key)))
            .Where(IsForbidden)
            .Order(StringComparer.Ordinal),
    ];

    private static bool IsForbidden(string key)
    {
        var prefix = key.IndexOf('/') is var slash and > 0 ? key[..slash] : "";
        return InDomain(prefix, "node-restriction.kubernetes.io") || ((InDomain(prefix, "kubernetes.io") || InDomain(prefix, "k8s.io")) && !IsKubeletLabel(key, prefix));
    }

    private static bool IsKubeletLabel(string key, string prefix) =>
        KubeletLabels.Contains(key) || InDomain(prefix, "kubelet.kubernetes.io") || InDomain(prefix, "node.kubernetes.io");

    private static bool InDomain(string prefix, string domain) => prefix == domain || prefix.EndsWith("." + domain, StringComparison.Ordinal);
}
