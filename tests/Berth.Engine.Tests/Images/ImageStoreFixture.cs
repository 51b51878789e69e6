using Berth.Engine.Images;
using Berth.Engine.Store;
using Berth.Engine.Tests.Snapshots;

namespace Berth.Engine.Tests.Images;

/// <summary>An image store in a temp directory, with helpers to import small layers.</summary>
public sealed class ImageStoreFixture : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-store-");

    public ImageStoreFixture() => Store = new ImageStore(new EngineLayout(_dir.FullName));

    public ImageStore Store { get; }

    /// <summary>Imports a one-file layer as <paramref name="name"/>.</summary>
    public async Task<ImageRecord> ImportAsync(string name, string content)
    {
        var tar = Path.Combine(_dir.FullName, $"{Guid.NewGuid():N}.tar");
        await File.WriteAllBytesAsync(tar, new LayerTar().File("file", content).ToArray());
        var image = await new ImageImporter(Store).ImportAsync(tar, name, CancellationToken.None);
        File.Delete(tar);
        return image;
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
