using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>
/// The "Healthcheck" of Docker's image config (moby's HealthConfig), kept by Podman and Buildah too:
/// the test (["NONE"], ["CMD", args…] or ["CMD-SHELL", command]) and its timing. Durations are in
/// nanoseconds; an absent value means the runtime's default.
/// </summary>
public sealed record OciHealthcheck
{
    [JsonPropertyName("Test")] public List<string> Test { get; init; } = [];
    [JsonPropertyName("Interval")] public long? Interval { get; init; }
    [JsonPropertyName("Timeout")] public long? Timeout { get; init; }
    [JsonPropertyName("StartPeriod")] public long? StartPeriod { get; init; }
    [JsonPropertyName("StartInterval")] public long? StartInterval { get; init; }
    [JsonPropertyName("Retries")] public int? Retries { get; init; }
}
