using Berth.Engine.Linux;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>
/// The rlimits a container gets: Podman's generous defaults, clamped to this host's hard limits, since
/// runc fails with "operation not permitted" when asked to raise a hard limit.
/// </summary>
public static class HostResourceLimits
{
    private const int RlimitNproc = 6;
    private const int RlimitNofile = 7;
    private const ulong WantedNofile = 1_048_576;
    private const ulong WantedNproc = 4_194_304;

    public static IReadOnlyList<ResourceLimit> Clamped { get; } =
    [
        Limit("RLIMIT_NOFILE", WantedNofile, ResourceLimitCalls.HardLimit(RlimitNofile)),
        Limit("RLIMIT_NPROC", WantedNproc, ResourceLimitCalls.HardLimit(RlimitNproc)),
    ];

    internal static ResourceLimit Limit(string type, ulong wanted, ulong hostHard)
    {
        var value = Math.Min(wanted, hostHard);
        return new ResourceLimit(type, value, value);
    }
}
