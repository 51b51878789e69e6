namespace Berth.Engine.Runtime;

/// <summary>Everything <see cref="SpecGenerator"/> needs to write one container's config.json.</summary>
public sealed record BundleOptions
{
    public required string RootfsPath { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "/";
    public ContainerUser User { get; init; } = ContainerUser.Root;
    public string? Hostname { get; init; }
    public bool Terminal { get; init; }
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];
    public ResourceLimits Limits { get; init; } = ResourceLimits.None;
    public bool Seccomp { get; init; } = true;
    public ContainerSecurity Security { get; init; } = ContainerSecurity.Default;
    public NetworkMode Network { get; init; } = NetworkMode.None;

    /// <summary>The network namespace to join (bridge mode); null creates an empty one.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>The process namespace to join; null creates one.</summary>
    public string? PidNamespacePath { get; init; }

    /// <summary>The IPC and UTS namespaces to join; null creates them.</summary>
    public string? IpcNamespacePath { get; init; }

    public string? UtsNamespacePath { get; init; }

    /// <summary>Keeps the host's process namespace.</summary>
    public bool HostPid { get; init; }

    /// <summary>Keeps the host's IPC namespace, with the host's /dev/shm.</summary>
    public bool HostIpc { get; init; }

    public string? CgroupsPath { get; init; }
}
