using System.Text.Json.Serialization;

namespace Berth.Engine.Images;

/// <summary>images/index.json: every complete image in the store. Written whole, by rename.</summary>
public sealed record ImageIndexDocument
{
    [JsonPropertyName("images")] public List<ImageRecord> Images { get; init; } = [];
}
