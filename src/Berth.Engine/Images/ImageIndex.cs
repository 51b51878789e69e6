using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>Reads and replaces images/index.json. Readers need no lock: the file is only ever replaced by rename.</summary>
internal sealed class ImageIndex(EngineLayout layout)
{
    public async Task<ImageIndexDocument> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(layout.ImageIndexFile);
            return await JsonSerializer.DeserializeAsync(file, OciJson.Default.ImageIndexDocument, cancellationToken) ?? new();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new();
        }
    }

    public async Task SaveAsync(ImageIndexDocument document, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.ImagesDirectory);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, OciJson.Default.ImageIndexDocument);
        await AtomicFile.WriteAllBytesAsync(layout.ImageIndexFile, bytes, cancellationToken);
    }
}
