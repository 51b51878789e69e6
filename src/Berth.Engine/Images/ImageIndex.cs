using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// Reads and replaces images/index.json. Readers need no lock: the file is only ever replaced by rename. It is read
/// synchronously, as blobs are (<see cref="BlobStore.ReadAllBytesAsync"/>), and without the serializer: every CLI verb
/// that names an image reads the index once, and setting up the source-generated metadata of its types (a converter
/// and an attribute scan each, by reflection) cost `run --rm` more than the read itself (perf).
/// </summary>
internal sealed class ImageIndex(EngineLayout layout)
{
    public ImageIndexDocument Load()
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(layout.ImageIndexFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new();
        }
        using var document = JsonDocument.Parse(json);
        return new() { Images = [.. document.RootElement.GetProperty("images").EnumerateArray().Select(ReadImage)] };
    }

    public async Task SaveAsync(ImageIndexDocument document, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.ImagesDirectory);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, OciJson.Default.ImageIndexDocument);
        await AtomicFile.WriteAllBytesAsync(layout.ImageIndexFile, bytes, cancellationToken);
    }

    /// <summary>An <see cref="ImageRecord"/> as <see cref="SaveAsync"/> writes it (the names of its JsonPropertyName attributes).</summary>
    private static ImageRecord ReadImage(JsonElement image) => new()
    {
        Id = image.GetProperty("id").GetString()!,
        Manifest = image.GetProperty("manifest").GetString()!,
        Digests = Strings(image, "digests"),
        Names = Strings(image, "names"),
        Created = image.TryGetProperty("created", out var created) ? created.GetDateTimeOffset() : default,
        LayersSize = image.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
        DataSize = image.TryGetProperty("dataSize", out var dataSize) ? dataSize.GetInt64() : 0,
    };

    private static List<string> Strings(JsonElement image, string name) =>
        image.TryGetProperty(name, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];
}
