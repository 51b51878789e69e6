using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Linux;
using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>
/// The part of a COPY/ADD cache key that stands for what it copies: every path it reads, with its
/// type, mode, owner and content (or link target). Times are left out, as Docker does, so a
/// touched but unchanged file keeps the cache. Counts the bytes of regular files on the way.
/// </summary>
internal static class SourceDigest
{
    public static async Task<SourceContent> ComputeAsync(ContextCopier copier, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long size = 0;
        foreach (var path in copier.Walk(sources))
        {
            var status = Posix.LStat(path);
            hash.AppendData(Encoding.UTF8.GetBytes($"{copier.Relative(path)}\0{status.Mode:x}\0{status.Uid}:{status.Gid}\0"));
            if (status.FileType == Posix.SymbolicLink)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(new FileInfo(path).LinkTarget ?? ""));
            }
            else if (status.FileType == Posix.RegularFile)
            {
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                int read;
                while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                }
            }
            hash.AppendData("\n"u8);
        }
        return new SourceContent(Digest.FromHash(hash.GetHashAndReset()), size);
    }
}
