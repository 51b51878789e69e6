using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Images;

/// <summary>`image import`: one root filesystem tarball (plain or gzip) becomes a single-layer image, its layer stored uncompressed.</summary>
public sealed class ImageImporter(ImageStore store)
{
    public async Task<ImageRecord> ImportAsync(string tarPath, string reference, CancellationToken cancellationToken)
    {
        var name = ImageReference.Parse(reference);
        if (name.Digest is not null)
        {
            throw new BerthException($"cannot import into a digest reference: {reference}");
        }
        if (!File.Exists(tarPath))
        {
            throw new BerthException($"{tarPath}: no such file");
        }
        using var session = await store.BeginWriteAsync(cancellationToken);
        IngestedLayer layer;
        try
        {
            await using var tar = LayerCompression.OpenTar(File.OpenRead(tarPath));
            layer = await session.AddUncompressedLayerAsync(tar, null, cancellationToken);
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw new BerthException($"{tarPath} is not a tar archive: {ex.Message}");
        }
        var created = DateTimeOffset.UtcNow;
        var config = new OciImage
        {
            Created = created,
            Config = new OciContainerConfig(),
            RootFs = new OciRootFs { DiffIds = [layer.Snapshot.DiffId.ToString()] },
            History = [new OciHistory { Created = created, CreatedBy = $"berth image import {Path.GetFileName(tarPath)}" }],
        };
        return await session.CommitAsync(config, [layer.Blob], layer.Snapshot.Size, [name.FullName], cancellationToken);
    }
}
