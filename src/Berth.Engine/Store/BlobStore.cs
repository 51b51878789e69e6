namespace Berth.Engine.Store;

/// <summary>
/// Content-addressed blobs under blobs/sha256. A blob is written to tmp/, digested on the way, and
/// renamed into place only when complete, so a blob file always holds exactly its digest's content.
/// </summary>
public sealed class BlobStore(EngineLayout layout)
{
    public bool Exists(Digest digest) => File.Exists(layout.BlobPath(digest));

    public string PathOf(Digest digest) => layout.BlobPath(digest);

    /// <summary>Opens a stored blob; a missing blob is a corrupt image, reported as such.</summary>
    public FileStream OpenRead(Digest digest)
    {
        try
        {
            return File.OpenRead(layout.BlobPath(digest));
        }
        catch (FileNotFoundException)
        {
            throw new BerthException($"blob {digest} is missing from the store");
        }
    }

    /// <summary>
    /// A stored blob's bytes (a manifest, a config), read synchronously: an async read of a regular file is a blocking read
    /// on a thread-pool thread, whose hop and wake-up cost a short-lived CLI more than these small reads.
    /// </summary>
    public Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = OpenRead(digest);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Task.FromResult(bytes);
    }

    /// <summary>Stores <paramref name="content"/>; a blob the store holds already is not written again.</summary>
    public async Task<Digest> WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var known = Digest.Of(content.Span);
        if (Exists(known))
        {
            return known;
        }
        await using var pending = Begin();
        await pending.Stream.WriteAsync(content, cancellationToken);
        var (digest, _) = await pending.CommitAsync(cancellationToken);
        return digest;
    }

    /// <summary>Copies <paramref name="source"/> in, failing when its digest is not <paramref name="expected"/>.</summary>
    public async Task<long> IngestAsync(Stream source, Digest expected, CancellationToken cancellationToken)
    {
        await using var pending = Begin();
        await source.CopyToAsync(pending.Stream, cancellationToken);
        var (digest, size) = await pending.CommitAsync(cancellationToken, expected);
        return digest == expected ? size : throw new BerthException($"blob digest mismatch: expected {expected}, got {digest}");
    }

    /// <summary>Every stored blob's digest.</summary>
    public IEnumerable<Digest> List() =>
        Directory.Exists(layout.BlobsDirectory)
            ? Directory.EnumerateFiles(layout.BlobsDirectory)
                .Select(path => Digest.TryFromHex(Path.GetFileName(path), out var digest) ? digest : (Digest?)null)
                .OfType<Digest>()
            : [];

    public void Delete(Digest digest) => File.Delete(layout.BlobPath(digest));

    /// <summary>Starts a blob whose digest is known only once written (e.g. a layer being compressed).</summary>
    public PendingBlob Begin() => new(layout.NewTempPath("blob"), layout);
}
