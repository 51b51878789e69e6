using System.Text.RegularExpressions;
using Berth.Engine.Runtime;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Build;

/// <summary>
/// COPY and ADD: copies sources from the build context into a staging directory laid out as the
/// image's root, keeping modes, times and symbolic links, owned by root or by --chown. ADD also
/// extracts local tar archives (plain or gzip), keeping the owners recorded in them. Paths the
/// ignore rules exclude are not there: naming one is an error, and directory copies skip them.
/// The root is the build context, or for COPY --from the mounted root of a stage or image.
/// </summary>
public sealed class ContextCopier(string contextDirectory, IgnoreRules ignore)
{
    private readonly string _context = Path.GetFullPath(contextDirectory).TrimEnd('/');

    /// <param name="sources">Paths relative to the context; '*' and '?' allowed in the last component.</param>
    /// <param name="destination">An absolute path in the image; a trailing '/' makes it a directory.</param>
    /// <param name="copied">Told the running total of bytes of regular files copied (an archive counts as its size).</param>
    public async Task CopyAsync(IReadOnlyList<string> sources, string destination, string stagingRoot, ContainerUser owner, uint? mode, bool extractArchives,
        Action<long> copied, CancellationToken cancellationToken)
    {
        long total = 0;
        void Count(long bytes)
        {
            total += bytes;
            copied(total);
        }
        var resolved = sources.SelectMany(Resolve).ToList();
        var toDirectory = destination.EndsWith('/') || resolved.Count > 1 || sources.Any(s => s.IndexOfAny(['*', '?']) >= 0);
        var target = Path.Combine(stagingRoot, LayerPath.Normalize(destination));
        Directory.CreateDirectory(toDirectory ? target : Path.GetDirectoryName(target)!);
        foreach (var source in resolved)
        {
            if (Directory.Exists(source) && !IsSymlink(source))
            {
                Directory.CreateDirectory(target);
                CopyDirectoryContents(source, target, owner, mode, keepEmpty: true, Count);
            }
            else if (extractArchives && await IsTarAsync(source))
            {
                Directory.CreateDirectory(target);
                await using var file = File.OpenRead(source);
                await using var tar = LayerCompression.OpenTar(file);
                await LayerUnpacker.UnpackAsync(tar, target, cancellationToken);
                Count(file.Length);
            }
            else
            {
                CopyFile(source, toDirectory ? Path.Combine(target, Path.GetFileName(source)) : target, owner, mode, Count);
            }
        }
    }

    /// <summary>Every path a copy of <paramref name="sources"/> reads, sources first and then what directories hold, in a stable order.</summary>
    public IEnumerable<string> Walk(IReadOnlyList<string> sources)
    {
        foreach (var source in sources.SelectMany(Resolve))
        {
            yield return source;
            if (Directory.Exists(source) && !IsSymlink(source))
            {
                foreach (var entry in WalkDirectory(source))
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>A path relative to the root, '/'-separated, as ignore patterns and cache keys name it.</summary>
    public string Relative(string fullPath) => fullPath.Length <= _context.Length ? "" : fullPath[(_context.Length + 1)..];

    private IEnumerable<string> WalkDirectory(string directory)
    {
        foreach (var entry in Entries(directory))
        {
            if (!ignore.IsExcluded(Relative(entry)))
            {
                yield return entry;
            }
            if (Directory.Exists(entry) && !IsSymlink(entry))
            {
                foreach (var inner in WalkDirectory(entry))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The entries of a directory, sorted, without those excluded (keeping excluded directories that exceptions may reach into).</summary>
    private IEnumerable<string> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory)
            .Where(e => !ignore.IsExcluded(Relative(e)) || (ignore.HasExceptions && Directory.Exists(e) && !IsSymlink(e)))
            .Order(StringComparer.Ordinal);

    private IEnumerable<string> Resolve(string source)
    {
        var relative = LayerPath.Normalize(source);
        var full = relative.Length == 0 ? _context : Path.Combine(_context, relative);
        var name = Path.GetFileName(full);
        if (name.IndexOfAny(['*', '?']) < 0)
        {
            if (!(File.Exists(full) || Directory.Exists(full) || IsSymlink(full)) || ignore.IsExcluded(relative))
            {
                throw new BerthException($"{source}: no such file or directory in the build context");
            }
            if (IsSymlink(full) && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target && !IsInside(target.FullName))
            {
                throw new BerthException($"{source}: points outside the build context");
            }
            return [full];
        }
        var pattern = new Regex("^" + Regex.Escape(name).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");
        var parent = Path.GetDirectoryName(full)!;
        var matches = Directory.Exists(parent)
            ? Directory.EnumerateFileSystemEntries(parent)
                .Where(p => pattern.IsMatch(Path.GetFileName(p)) && !ignore.IsExcluded(Relative(p)))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        return matches.Count > 0 ? matches : throw new BerthException($"{source}: no file in the build context matches");
    }

    /// <summary>Copies what a directory holds; returns whether anything was copied. An excluded directory is kept only for the entries exceptions include.</summary>
    private bool CopyDirectoryContents(string source, string target, ContainerUser owner, uint? mode, bool keepEmpty, Action<long> count)
    {
        var copied = false;
        foreach (var entry in Entries(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(entry));
            if (IsSymlink(entry))
            {
                CopySymlink(entry, destination, owner);
            }
            else if (Directory.Exists(entry))
            {
                Directory.CreateDirectory(destination);
                if (!CopyDirectoryContents(entry, destination, owner, mode, keepEmpty: !ignore.IsExcluded(Relative(entry)), count))
                {
                    Directory.Delete(destination);
                    continue;
                }
            }
            else
            {
                CopyFile(entry, destination, owner, mode, count);
            }
            copied = true;
        }
        if (copied || keepEmpty)
        {
            Apply(source, target, owner, mode);
        }
        return copied || keepEmpty;
    }

    private static void CopyFile(string source, string destination, ContainerUser owner, uint? mode, Action<long> count)
    {
        if (Directory.Exists(destination) && !IsSymlink(destination))
        {
            destination = Path.Combine(destination, Path.GetFileName(source));
        }
        if (IsSymlink(source) && !File.Exists(source))
        {
            CopySymlink(source, destination, owner);
            return;
        }
        File.Copy(source, destination, overwrite: true);
        Apply(source, destination, owner, mode);
        File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source));
        count(new FileInfo(destination).Length);
    }

    private static void CopySymlink(string source, string destination, ContainerUser owner)
    {
        if (Posix.TryLStat(destination, out _))
        {
            File.Delete(destination);
        }
        File.CreateSymbolicLink(destination, new FileInfo(source).LinkTarget!);
        Posix.LChown(destination, (int)owner.Uid, (int)owner.Gid);
    }

    private static void Apply(string source, string destination, ContainerUser owner, uint? mode)
    {
        Posix.LChown(destination, (int)owner.Uid, (int)owner.Gid);
        Posix.Chmod(destination, mode ?? Posix.LStat(source).Mode);
    }

    private bool IsInside(string path) => path == _context || path.StartsWith(_context + "/", StringComparison.Ordinal);

    private static bool IsSymlink(string path) => Posix.TryLStat(path, out var status) && status.FileType == Posix.SymbolicLink;

    /// <summary>A tar archive (possibly gzip-compressed) has "ustar" at offset 257 of its first block.</summary>
    private static async Task<bool> IsTarAsync(string path)
    {
        try
        {
            await using var file = File.OpenRead(path);
            await using var stream = LayerCompression.OpenTar(file);
            var header = new byte[512];
            return await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) == header.Length &&
                header.AsSpan(257, 5).SequenceEqual("ustar"u8);
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            return false;
        }
    }
}
