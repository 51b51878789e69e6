using Berth.Engine.Containers.Restarts;
using Berth.Engine.Health;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers;

/// <summary>What `berth run` asks for, before the image's defaults are applied.</summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }

    /// <summary>The OCI runtime (runc or crun) that runs the container; null: the engine's.</summary>
    public string? Runtime { get; init; }

    /// <summary>Replaces the image's CMD when not empty (the ENTRYPOINT stays).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Replaces the image's ENTRYPOINT when not null; the image's CMD then goes too, as Docker does (an empty list clears both).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Key/value metadata kept on the container (`--label`), for filters and tools such as compose.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Name { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>`--tmpfs` and `--mount type=tmpfs`: a fresh tmpfs at each destination.</summary>
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];

    /// <summary>`--volumes-from CONTAINER[:ro|rw]`: mount what those containers mount, at the same places.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];
    public NetworkMode Network { get; init; } = NetworkMode.Bridge;

    /// <summary>With <see cref="NetworkMode.Bridge"/>: the user networks to join (the first one is eth0 and gets the published ports); none: the default bridge.</summary>
    public IReadOnlyList<NetworkEndpoint> Networks { get; init; } = [];

    /// <summary>With <see cref="NetworkMode.Pod"/>: the pod sandbox's namespace and address, which the container joins.</summary>
    public NetworkAttachment? PodNetwork { get; init; }

    /// <summary>With <see cref="NetworkMode.Container"/>: the name or id of the container whose network namespace the new one joins.</summary>
    public string? NetworkContainer { get; init; }

    /// <summary>The engine pod the container belongs to: its infra container, or a member that joins the infra's namespaces.</summary>
    public PodMembership? Pod { get; init; }

    /// <summary>The process namespace to join (/proc/PID/ns/pid of a pod's container, which a debug container targets); null makes a new one.</summary>
    public string? PidNamespacePath { get; init; }

    /// <summary>The IPC and UTS namespaces to join (a pod's, which its containers share); null makes new ones.</summary>
    public string? IpcNamespacePath { get; init; }

    public string? UtsNamespacePath { get; init; }

    /// <summary>Shares the host's process namespace (a pod's hostPID, Podman's --pid host).</summary>
    public bool HostPid { get; init; }

    /// <summary>Shares the host's IPC namespace and /dev/shm (a pod's hostIPC, Podman's --ipc host).</summary>
    public bool HostIpc { get; init; }
    public ResourceLimits Limits { get; init; } = ResourceLimits.None;
    public bool Seccomp { get; init; } = true;
    public ContainerSecurity Security { get; init; } = ContainerSecurity.Default;
    public bool Terminal { get; init; }
    public bool Interactive { get; init; }
    public bool AutoRemove { get; init; }

    /// <summary>
    /// The client runs the container in the foreground itself, without a shim, when nothing it asks for needs one (see
    /// <see cref="ContainerCreator.RunsByClient"/>, <see cref="ContainerRecord.RunByClient"/>).
    /// </summary>
    public bool ClientRuns { get; init; }

    /// <summary>`--restart`; with <see cref="AutoRemove"/> only no or a bare on-failure (<see cref="RestartPolicy.AllowsAutoRemove"/>).</summary>
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.No;
    /// <summary>The health check asked for over the image's HEALTHCHECK; null: none at all (the node agent's pods).</summary>
    public HealthcheckOverrides? Healthcheck { get; init; }
}
