using System.Text.Json.Serialization;

namespace Berth.Engine.Events;

/// <summary>
/// One thing that happened in an engine root (a container created, started, died…, an image pulled or tagged), as
/// Podman's events file records it: the same JSON fields, so `events --format json` prints what Podman prints.
/// </summary>
public sealed record EngineEvent
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public string? Image { get; init; }

    public string? Name { get; init; }

    /// <summary>The action: create, start, died, stop, remove, pull, tag…</summary>
    public required string Status { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>container, image, volume, network or pod.</summary>
    public required string Type { get; init; }

    /// <summary>A died container's exit code.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ContainerExitCode { get; init; }

    /// <summary>A health_status event's status: starting, healthy or unhealthy (Podman's field).</summary>
    [JsonPropertyName("health_status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HealthStatus { get; init; }

    /// <summary>A network event's network name (Podman's lowercase field; ID and Name are the container's for connect and disconnect).</summary>
    [JsonPropertyName("network")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Network { get; init; }

    /// <summary>The network's id beside its name, for the Docker API's Actor (Berth's field; `events` does not print it).</summary>
    [JsonPropertyName("network_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NetworkId { get; init; }

    /// <summary>A container's labels.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
