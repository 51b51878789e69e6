using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §config rootfs: the digests of the uncompressed layers, lowest first.</summary>
public sealed record OciRootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public List<string> DiffIds { get; init; } = [];
}
