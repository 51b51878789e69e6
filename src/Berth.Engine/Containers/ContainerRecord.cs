using System.Text.Json.Serialization;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Health;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers;

/// <summary>A container as the engine stores it in ROOT/containers/ID/state.json.</summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string ImageId { get; init; }
    public required string ImageReference { get; init; }
    public required IReadOnlyList<string> Command { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string Runtime { get; init; }
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;
    public int Pid { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int? ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public NetworkMode Network { get; init; }
    public string? IPAddress { get; init; }

    /// <summary>The user networks the container is on, each with its interface and address once attached; empty on the default bridge.</summary>
    public IReadOnlyList<NetworkEndpoint> Networks { get; init; } = [];

    /// <summary>With <see cref="NetworkMode.Pod"/>: the sandbox network the container joined (it outlives the container).</summary>
    public NetworkAttachment? PodNetwork { get; init; }

    /// <summary>With <see cref="NetworkMode.Container"/>: the id of the container whose network namespace this one joins; it starts first.</summary>
    public string? NetworkContainerId { get; init; }

    /// <summary>The engine pod the container belongs to (`run --pod`); null for others, the node agent's pods' included.</summary>
    public PodMembership? Pod { get; init; }
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];
    public bool Terminal { get; init; }
    public bool Interactive { get; init; }
    public bool AutoRemove { get; init; }

    /// <summary>
    /// No shim: the CLI that created it runs it with the runtime's own <c>run</c> and removes it when it ends (a foreground
    /// `run --rm` without a terminal, <see cref="ForegroundRunner"/>). While it runs, <see cref="Pid"/> is that runtime process.
    /// </summary>
    public bool RunByClient { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The process's environment as the container got it: the image's, then the user's.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }

    /// <summary>The cgroup limits (`--memory`, `--cpus`…, changed by `update`).</summary>
    public ResourceLimits Resources { get; init; } = ResourceLimits.None;

    /// <summary>`--restart`: whether the container's exit command starts it again.</summary>
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.No;

    /// <summary>How often the restart policy has started the container since the user last did.</summary>
    public int RestartCount { get; init; }

    /// <summary>The back-off before the last restart by the policy (<see cref="RestartBackOff"/>); zero before the first.</summary>
    public TimeSpan RestartDelay { get; init; }

    /// <summary>Whether the user stopped (or killed) the container since starting it: the policy leaves it down.</summary>
    public bool StoppedByUser { get; init; }
    /// <summary>The health check (`--health-*`, the image's HEALTHCHECK) with its defaults applied; null: none.</summary>
    public HealthcheckSettings? Healthcheck { get; init; }

    public string ShortId => Id[..12];

    /// <summary>
    /// Exited, and its restart policy starts it again after the back-off (`container cleanup` waits it out): Docker's
    /// "restarting" state, which Podman 4.3 does not have.
    /// </summary>
    [JsonIgnore]
    public bool Restarting => Status == ContainerStatus.Exited && RestartPolicy.RestartsAfter(ExitCode ?? 0, RestartCount, StoppedByUser);
}
