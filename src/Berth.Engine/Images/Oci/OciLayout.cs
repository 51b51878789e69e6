using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §image-layout "oci-layout" marker file.</summary>
public sealed record OciLayout
{
    public const string FileName = "oci-layout";

    [JsonPropertyName("imageLayoutVersion")] public string ImageLayoutVersion { get; init; } = "1.0.0";
}
