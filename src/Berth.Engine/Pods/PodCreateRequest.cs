using Berth.Engine.Network;

namespace Berth.Engine.Pods;

/// <summary>What `pod create` asks for.</summary>
public sealed record PodCreateRequest
{
    public string? Name { get; init; }

    /// <summary>The pod's host name; null: its name.</summary>
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>The infra container's image, run with its own command; null: Berth's pause program.</summary>
    public string? InfraImage { get; init; }

    /// <summary>The infra container's entrypoint in place of the image's (podman's --infra-command); null: the image's, or the pause program.</summary>
    public IReadOnlyList<string>? InfraCommand { get; init; }

    /// <summary>The infra container's name; null: ID12-infra.</summary>
    public string? InfraName { get; init; }

    /// <summary>The user networks the pod joins (the first one gets the ports); empty: the default bridge.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];
}
