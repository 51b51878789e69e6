namespace Berth.Scheduler.Framework;

/// <summary>Which resource names the scheduler accounts for, as kube's v1helper classifies them.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>
    /// Counted as a scalar: extended resources (<c>example.com/gpu</c>), hugepages-*, attachable-volumes-*
    /// and kubernetes.io-prefixed native resources (schedutil.IsScalarResourceName).
    /// </summary>
    public static bool IsScalar(string name) =>
        IsExtended(name)
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal)
        || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>A resource named under a domain of its own, not requests.* (v1helper.IsExtendedResourceName).</summary>
    public static bool IsExtended(string name) =>
        name.Contains('/', StringComparison.Ordinal)
        && !name.Contains("kubernetes.io/", StringComparison.Ordinal)
        && !name.StartsWith("requests.", StringComparison.Ordinal);
}
