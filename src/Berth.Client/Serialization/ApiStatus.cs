using System.Text.Json.Serialization;

namespace Berth.Client.Serialization;

/// <summary>The parts of a metav1.Status a client acts on (the error bodies and watch ERROR events).</summary>
public sealed record ApiStatus
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("code")]
    public int Code { get; init; }
}
