using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>Source-generated JSON for the image-spec documents and the store's own index.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciIndex))]
[JsonSerializable(typeof(OciImage))]
[JsonSerializable(typeof(OciLayout))]
[JsonSerializable(typeof(List<DockerArchiveEntry>))]
[JsonSerializable(typeof(ImageIndexDocument))]
public sealed partial class OciJson : JsonSerializerContext;
