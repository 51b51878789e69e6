using System.Formats.Tar;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// The files of an image archive, read in one pass with nothing unpacked to disk: the layout's blobs
/// (blobs/sha256/HEX) go straight into the blob store, checked against their names, and are skipped
/// unread when the store has them already (as Podman skips known blobs); other large files (a
/// docker-archive's layer tars) go into the store under the digest of what they hold; small metadata
/// files (index.json, manifest.json, configs) stay in memory.
/// </summary>
public sealed class ArchiveContents
{
    /// <summary>A metadata file larger than this is no metadata: it is stored as a blob instead of held in memory.</summary>
    private const long MetadataLimit = 16 << 20;

    private const string LayoutBlobPrefix = "blobs/sha256/";

    private readonly BlobStore _blobs;
    private readonly Dictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Digest> _stored = new(StringComparer.Ordinal);

    private ArchiveContents(BlobStore blobs) => _blobs = blobs;

    /// <summary>Reads every entry of <paramref name="tar"/> (an uncompressed tar stream).</summary>
    public static async Task<ArchiveContents> ReadAsync(Stream tar, BlobStore blobs, CancellationToken cancellationToken)
    {
        var contents = new ArchiveContents(blobs);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                await contents.AddAsync(LayerPath.Normalize(entry.Name), data, entry.Length, cancellationToken);
            }
        }
        return contents;
    }

    /// <summary>Whether the archive holds a file of that name.</summary>
    public bool Contains(string name)
    {
        var normalized = LayerPath.Normalize(name);
        return _metadata.ContainsKey(normalized) || _stored.ContainsKey(normalized);
    }

    /// <summary>The bytes of a file of the archive (a metadata file, or a blob read back from the store).</summary>
    public async Task<byte[]> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = LayerPath.Normalize(name);
        if (_metadata.TryGetValue(normalized, out var bytes))
        {
            return bytes;
        }
        return _stored.TryGetValue(normalized, out var digest)
            ? await _blobs.ReadAllBytesAsync(digest, cancellationToken)
            : throw new BerthException($"archive lacks {name}");
    }

    /// <summary>The layout blob of that digest, read from the store (where it was checked on the way in).</summary>
    public Task<byte[]> ReadBlobAsync(Digest digest, CancellationToken cancellationToken) =>
        _stored.ContainsKey(LayoutBlobPrefix + digest.Hex)
            ? _blobs.ReadAllBytesAsync(digest, cancellationToken)
            : throw new BerthException($"archive lacks blob {digest}");

    /// <summary>A layout blob the archive holds, as stored; throws when the archive lacks it.</summary>
    public Digest Blob(Digest digest) =>
        _stored.ContainsKey(LayoutBlobPrefix + digest.Hex) ? digest : throw new BerthException($"archive lacks blob {digest}");

    /// <summary>The stored blob holding a file of the archive (a docker-archive's layer); small files are stored on demand.</summary>
    public async Task<Digest> StoreAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = LayerPath.Normalize(name);
        if (_stored.TryGetValue(normalized, out var digest))
        {
            return digest;
        }
        if (!_metadata.TryGetValue(normalized, out var bytes))
        {
            throw new BerthException($"archive lacks {name}");
        }
        digest = await _blobs.WriteAsync(bytes, cancellationToken);
        _stored[normalized] = digest;
        return digest;
    }

    private async Task AddAsync(string name, Stream data, long length, CancellationToken cancellationToken)
    {
        if (name.StartsWith(LayoutBlobPrefix, StringComparison.Ordinal) && Digest.TryFromHex(name[LayoutBlobPrefix.Length..], out var named))
        {
            if (!_blobs.Exists(named))
            {
                await _blobs.IngestAsync(data, named, cancellationToken);
            }
            _stored[name] = named;
        }
        else if (length <= MetadataLimit && IsMetadata(name))
        {
            var bytes = new byte[length];
            await data.ReadExactlyAsync(bytes, cancellationToken);
            _metadata[name] = bytes;
        }
        else
        {
            await using var pending = _blobs.Begin();
            await data.CopyToAsync(pending.Stream, cancellationToken);
            (_stored[name], _) = await pending.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The layout's and docker-archive's own files, and a docker-archive's image configs (HEX.json).</summary>
    private static bool IsMetadata(string name) =>
        name is "oci-layout" or "repositories" || name.EndsWith(".json", StringComparison.Ordinal);
}
