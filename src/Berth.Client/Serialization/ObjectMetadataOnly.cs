using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Berth.Client.Serialization;

/// <summary>
/// Any object read for its metadata only (the rest of the body is skipped while parsing), as the
/// garbage collector's and namespace controller's metadata informers need it for every resource.
/// </summary>
public sealed class ObjectMetadataOnly : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
