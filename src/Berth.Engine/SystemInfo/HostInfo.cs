namespace Berth.Engine.SystemInfo;

/// <summary>The machine the engine runs on, as `info` and the Docker API's /info report it.</summary>
public sealed record HostInfo
{
    /// <summary>Go's name for the architecture (amd64, arm64), as Podman and Docker print it.</summary>
    public required string Arch { get; init; }
    public required string Kernel { get; init; }
    public required string Hostname { get; init; }
    public required int Cpus { get; init; }
    public required long MemTotal { get; init; }
    public required long MemFree { get; init; }
    public required TimeSpan Uptime { get; init; }

    /// <summary>/etc/os-release's ID and VERSION_ID ("debian", "12").</summary>
    public required string Distribution { get; init; }
    public required string DistributionVersion { get; init; }

    /// <summary>"v2" on a unified cgroup hierarchy, else "v1" (hybrid hosts included, as Podman's).</summary>
    public required string CgroupVersion { get; init; }
    public required string Runtime { get; init; }
    public required string RuntimePath { get; init; }
}
