using System.Text.Json;
using Berth.Engine.Events;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// The local images under an engine root: lookup by name, id or digest, and the reads every verb
/// shares. Changes go through an <see cref="ImageWriteSession"/>, which holds the store lock.
/// </summary>
public sealed class ImageStore : IImageResolver
{
    private readonly ImageIndex _index;

    public ImageStore(EngineLayout layout)
    {
        Layout = layout;
        Blobs = new BlobStore(layout);
        Snapshots = new SnapshotStore(layout);
        _index = new ImageIndex(layout);
        Events = new EventLog(layout.Root);
    }

    public EngineLayout Layout { get; }

    public BlobStore Blobs { get; }

    public SnapshotStore Snapshots { get; }

    /// <summary>Where pulls, tags and removals are recorded (the root's <see cref="EventLog"/>).</summary>
    public EventLog Events { get; }

    public Task<IReadOnlyList<ImageRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageRecord>>(_index.Load().Images);

    /// <summary>Finds an image; throws "REF: image not known" (Podman's wording) when none matches.</summary>
    public async Task<ImageRecord> FindAsync(string reference, CancellationToken cancellationToken = default) =>
        ImageLookup.Find(await ListAsync(cancellationToken), reference) ?? throw new NotFoundException($"{reference}: image not known");

    public async Task<OciManifest> ReadManifestAsync(ImageRecord image, CancellationToken cancellationToken = default)
    {
        var bytes = await Blobs.ReadAllBytesAsync(Digest.Parse(image.Manifest), cancellationToken);
        return JsonSerializer.Deserialize(bytes, OciJson.Default.OciManifest) ?? throw new BerthException($"manifest of {image.Id} is empty");
    }

    public async Task<OciImage> ReadConfigAsync(ImageRecord image, CancellationToken cancellationToken = default)
    {
        var bytes = await Blobs.ReadAllBytesAsync(Digest.Parse(image.Id), cancellationToken);
        return OciImageReader.Read(bytes) ?? throw new BerthException($"config of {image.Id} is empty");
    }

    /// <summary>The snapshot directories of an image's layers, lowest first.</summary>
    public IReadOnlyList<string> LayerDirectories(OciImage config) =>
        ChainId.All(config.RootFs.DiffIds.Select(Digest.Parse)).Select(Snapshots.PathOf).ToList();

    public async Task<ResolvedImage> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var image = await FindAsync(reference, cancellationToken);
        var config = await ReadConfigAsync(image, cancellationToken);
        var directories = LayerDirectories(config);
        if (directories.FirstOrDefault(d => !Directory.Exists(d)) is { } missing)
        {
            throw new BerthException($"image {image.ShortId} is damaged: layer {Path.GetFileName(missing)} is missing");
        }
        return new ResolvedImage(image.Id, image.Names.FirstOrDefault() ?? image.Id,
            config.Config?.ToImageConfig() ?? new ImageConfig(), directories);
    }

    /// <summary>Takes the store lock (waiting for other processes) and clears debris a killed process left in tmp/.</summary>
    public async Task<ImageWriteSession> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        var storeLock = await FileLock.AcquireAsync(Layout.LockFile, cancellationToken);
        try
        {
            if (Directory.Exists(Layout.TempDirectory))
            {
                Directory.Delete(Layout.TempDirectory, recursive: true);
            }
            return new ImageWriteSession(this, _index, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }
}
