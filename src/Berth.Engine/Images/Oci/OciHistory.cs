using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §config history: one entry per build step.</summary>
public sealed record OciHistory
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("empty_layer")] public bool? EmptyLayer { get; init; }
}
