using System.Security.Cryptography;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// A blob being downloaded, in incoming/sha256/&lt;hex&gt; under the engine root. Unlike tmp/ (which
/// every store writer clears), incoming/ outlives an interrupted pull, so the next pull asks only for
/// the bytes after those already there and still verifies the digest over the whole blob: the bytes
/// on disk are hashed again when the file is reopened. Writers hold the store lock.
/// </summary>
internal sealed class IncomingBlob : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _target;
    private readonly FileStream _file;
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _moved;

    private IncomingBlob(string path, string target, FileStream file)
    {
        _path = path;
        _target = target;
        _file = file;
    }

    /// <summary>The blob this file becomes.</summary>
    public required Digest Digest { get; init; }

    /// <summary>Bytes received so far, in this run and earlier ones.</summary>
    public long Length { get; private set; }

    /// <summary>Where a download of <paramref name="digest"/> is kept until it is whole.</summary>
    public static string PathOf(EngineLayout layout, Digest digest) => Path.Combine(layout.Root, "incoming", "sha256", digest.Hex);

    /// <summary>Opens (or starts) the download of a blob of <paramref name="size"/> bytes, hashing what an earlier run left.</summary>
    public static async Task<IncomingBlob> OpenAsync(EngineLayout layout, Digest digest, long size, CancellationToken cancellationToken)
    {
        var path = PathOf(layout, digest);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        var incoming = new IncomingBlob(path, layout.BlobPath(digest), file) { Digest = digest };
        try
        {
            if (file.Length > size)
            {
                incoming.Restart();
            }
            else
            {
                await incoming.HashExistingAsync(cancellationToken);
            }
            return incoming;
        }
        catch
        {
            await incoming.DisposeAsync();
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _file.WriteAsync(bytes, cancellationToken);
        _hash.AppendData(bytes.Span);
        Length += bytes.Length;
    }

    /// <summary>Drops what was received, for a registry that sends the whole blob again.</summary>
    public void Restart()
    {
        _file.SetLength(0);
        _file.Position = 0;
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Length = 0;
    }

    /// <summary>
    /// When the bytes hash to <see cref="Digest"/>: flushes them to disk and moves the file into the
    /// store, returning true. Otherwise the bytes are wrong and resuming cannot fix them: the file is
    /// emptied and the actual digest returned for the error.
    /// </summary>
    public async Task<(bool Stored, Digest Actual)> TryCommitAsync(CancellationToken cancellationToken)
    {
        var actual = Digest.FromHash(_hash.GetCurrentHash());
        if (actual != Digest)
        {
            Restart();
            return (false, actual);
        }
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(_target)!);
        File.Move(_path, _target, overwrite: true);
        _moved = true;
        return (true, actual);
    }

    /// <summary>Closes the file; a partial download stays for the next pull, an empty one goes.</summary>
    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await _file.DisposeAsync();
        if (!_moved && Length == 0)
        {
            File.Delete(_path);
        }
    }

    private async Task HashExistingAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await _file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            _hash.AppendData(buffer, 0, read);
            Length += read;
        }
    }
}
