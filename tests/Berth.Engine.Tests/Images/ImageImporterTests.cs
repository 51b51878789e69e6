using System.IO.Compression;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;
using Berth.Engine.Tests.Snapshots;

namespace Berth.Engine.Tests.Images;

public sealed class ImageImporterTests : IDisposable
{
    private readonly ImageStoreFixture _store = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-import-");

    [Fact]
    public async Task ImportAsync_PlainTar_StoresTheLayerUncompressedUnderItsDiffId()
    {
        var tar = new LayerTar().Directory("etc").File("etc/hostname", "box").ToArray();
        var path = Path.Combine(_dir.FullName, "rootfs.tar");
        await File.WriteAllBytesAsync(path, tar);

        var image = await new ImageImporter(_store.Store).ImportAsync(path, "plain", CancellationToken.None);

        var layer = Assert.Single((await _store.Store.ReadManifestAsync(image)).Layers);
        Assert.Equal(MediaTypes.OciLayer, layer.MediaType);
        Assert.Equal(Digest.Of(tar).ToString(), layer.Digest);
        Assert.Equal(tar.Length, layer.Size);
        Assert.Equal(tar, await File.ReadAllBytesAsync(_store.Store.Blobs.PathOf(Digest.Of(tar))));
        Assert.Equal(layer.Digest, Assert.Single((await _store.Store.ReadConfigAsync(image)).RootFs.DiffIds));
        Assert.Equal(tar.Length, image.LayersSize);
        // Podman's size: the layer, the config and the manifest twice (kept under its digest and as the default manifest).
        Assert.Equal(tar.Length + BlobLength(image.Id) + 2 * BlobLength(image.Manifest), image.Size);
        var resolved = await _store.Store.ResolveAsync("plain");
        Assert.Equal("box", await File.ReadAllTextAsync(Path.Combine(resolved.LayerDirectories[0], "etc", "hostname")));
        Assert.Empty(Directory.Exists(_store.Store.Layout.TempDirectory) ? Directory.EnumerateFileSystemEntries(_store.Store.Layout.TempDirectory) : []);
    }

    [Fact]
    public async Task ImportAsync_GzipTar_StoresTheDecompressedTar()
    {
        var tar = new LayerTar().File("file", "zipped").ToArray();
        var path = Path.Combine(_dir.FullName, "rootfs.tar.gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(tar);
        }

        var image = await new ImageImporter(_store.Store).ImportAsync(path, "zipped", CancellationToken.None);

        var layer = Assert.Single((await _store.Store.ReadManifestAsync(image)).Layers);
        Assert.Equal((MediaTypes.OciLayer, Digest.Of(tar).ToString()), (layer.MediaType, layer.Digest));
    }

    private long BlobLength(string digest) => new FileInfo(_store.Store.Blobs.PathOf(Digest.Parse(digest))).Length;

    public void Dispose()
    {
        _store.Dispose();
        _dir.Delete(recursive: true);
    }
}
