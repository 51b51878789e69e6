using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Berth.Client.Serialization;

/// <summary>A list of any resource, each item read for its metadata only.</summary>
public sealed class ObjectMetadataOnlyList : IKubernetesObject<V1ListMeta>, IItems<ObjectMetadataOnly>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ObjectMetadataOnly> Items { get; set; } = [];
}
