namespace Berth.Engine.Store;

/// <summary>A blob being written to tmp/; becomes visible under its digest only on <see cref="CommitAsync"/>.</summary>
public sealed class PendingBlob : IAsyncDisposable
{
    private readonly string _tempPath;
    private readonly EngineLayout _layout;
    private readonly FileStream _file;
    private readonly HashingStream _hashing;
    private bool _committed;

    internal PendingBlob(string tempPath, EngineLayout layout)
    {
        _tempPath = tempPath;
        _layout = layout;
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
        _hashing = new HashingStream(_file, leaveOpen: true);
    }

    /// <summary>Write the blob's bytes here.</summary>
    public Stream Stream => _hashing;

    /// <summary>
    /// Flushes, then renames the file to its digest. With <paramref name="expected"/> set and not
    /// matching, the blob is discarded instead.
    /// </summary>
    public async Task<(Digest Digest, long Size)> CommitAsync(CancellationToken cancellationToken, Digest? expected = null)
    {
        await _hashing.FlushAsync(cancellationToken);
        var digest = _hashing.Digest;
        var size = _hashing.BytesHashed;
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        if (expected is { } wanted && wanted != digest)
        {
            return (digest, size);
        }
        Directory.CreateDirectory(_layout.BlobsDirectory);
        File.Move(_tempPath, _layout.BlobPath(digest), overwrite: true);
        _committed = true;
        return (digest, size);
    }

    public async ValueTask DisposeAsync()
    {
        await _hashing.DisposeAsync();
        await _file.DisposeAsync();
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }
}
