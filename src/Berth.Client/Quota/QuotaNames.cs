namespace Berth.Client.Quota;

/// <summary>The names of quota entries (kube's core/v1 ResourceName constants for quota).</summary>
public static class QuotaNames
{
    public const string Pods = "pods";
    public const string Services = "services";
    public const string NodePorts = "services.nodeports";
    public const string LoadBalancers = "services.loadbalancers";
    public const string Claims = "persistentvolumeclaims";
    public const string RequestsStorage = "requests.storage";
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string RequestsPrefix = "requests.";
    public const string LimitsPrefix = "limits.";
    public const string HugePagesPrefix = "hugepages-";

    /// <summary>The infix of per-StorageClass names: GOLD.storageclass.storage.k8s.io/requests.storage.</summary>
    public const string StorageClassInfix = ".storageclass.storage.k8s.io/";

    /// <summary>count/pods for the core group, count/deployments.apps for others.</summary>
    public static string ObjectCount(string group, string resource) => group.Length == 0 ? $"count/{resource}" : $"count/{resource}.{group}";

    /// <summary>An extended resource (example.com/gpu): a domain-qualified name outside kubernetes.io, not itself a requests.* name.</summary>
    public static bool IsExtended(string name) =>
        name.Contains('/', StringComparison.Ordinal) && !name.Contains("kubernetes.io/", StringComparison.Ordinal)
        && !name.StartsWith(RequestsPrefix, StringComparison.Ordinal);
}
