using System.Formats.Tar;
using System.Text;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Space;

/// <summary>Writes images of several one-file layers through a write session, so tests can share layers between images.</summary>
internal static class LayeredImages
{
    /// <summary>Commits an image whose layers hold one file each, with <paramref name="contents"/>, lowest first.</summary>
    public static async Task<ImageRecord> CommitAsync(ImageWriteSession session, IReadOnlyList<string> names, params string[] contents)
    {
        Digest? parent = null;
        var layers = new List<IngestedLayer>();
        foreach (var content in contents)
        {
            var tar = LayerOf($"file-{layers.Count}", content);
            var layer = await session.AddLayerAsync(() => new MemoryStream(tar), parent, CancellationToken.None);
            layers.Add(layer);
            parent = layer.Snapshot.ChainId;
        }
        var config = new OciImage
        {
            Created = DateTimeOffset.UtcNow,
            Config = new OciContainerConfig { Cmd = [string.Join(' ', contents)] },
            RootFs = new OciRootFs { DiffIds = [.. layers.Select(l => l.Snapshot.DiffId.ToString())] },
        };
        return await session.CommitAsync(config, [.. layers.Select(l => l.Blob)], layers.Sum(l => l.Snapshot.Size), names, CancellationToken.None);
    }

    /// <summary>A one-file layer tar with a fixed mtime, so equal contents make equal (shared) layers.</summary>
    public static byte[] LayerOf(string name, string content)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = (UnixFileMode)0x1A4,
                ModificationTime = DateTimeOffset.UnixEpoch,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            });
        }
        return buffer.ToArray();
    }

    /// <summary>Every blob an image's manifest names, the manifest itself included.</summary>
    public static async Task<IReadOnlySet<Digest>> BlobsOfAsync(ImageStore store, ImageRecord image)
    {
        var manifest = await store.ReadManifestAsync(image);
        return new[] { image.Manifest, manifest.Config.Digest }.Concat(manifest.Layers.Select(l => l.Digest)).Select(Digest.Parse).ToHashSet();
    }
}
