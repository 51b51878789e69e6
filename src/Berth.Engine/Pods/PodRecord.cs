using Berth.Engine.Network;

namespace Berth.Engine.Pods;

/// <summary>A pod as the engine stores it in ROOT/pods/ID/pod.json; its containers name it in <c>ContainerRecord.Pod</c>.</summary>
public sealed record PodRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>The host name every container of the pod shares (its UTS namespace's): the pod's name, as Podman sets it.</summary>
    public required string Hostname { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Published on the infra container's network namespace, which every container of the pod joins.</summary>
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>The user networks the pod is on; empty: the default bridge.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>The infra container holding the pod's network namespace; null while the pod is being created.</summary>
    public string? InfraId { get; init; }

    /// <summary>The infra container's entrypoint as `pod create --infra-command` gave it; null when it was not given.</summary>
    public IReadOnlyList<string>? InfraCommand { get; init; }

    public string ShortId => Id[..12];
}
