using System.Formats.Tar;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Applies one layer tar to an empty directory, keeping modes, owners, links and devices, and turning
/// OCI whiteouts into overlayfs ones so the directory can serve as an overlay lower layer as is.
/// </summary>
public static class LayerUnpacker
{
    public static async Task UnpackAsync(Stream tar, string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var knownDirectories = new HashSet<string>(StringComparer.Ordinal) { "" };
        var directoryTimes = new List<(string Path, DateTime Time)>();
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }
            var relative = LayerPath.Normalize(entry.Name);
            if (relative.Length == 0)
            {
                continue;
            }
            var slash = relative.LastIndexOf('/');
            var parentRelative = slash < 0 ? "" : relative[..slash];
            var name = relative[(slash + 1)..];
            var parent = EnsureDirectory(root, parentRelative, knownDirectories);
            var path = Path.Combine(parent, name);
            if (name == OverlayWhiteout.OpaqueMarker)
            {
                OverlayWhiteout.MarkOpaque(parent);
                continue;
            }
            if (name.StartsWith(OverlayWhiteout.Prefix, StringComparison.Ordinal))
            {
                var hidden = Path.Combine(parent, name[OverlayWhiteout.Prefix.Length..]);
                Remove(hidden);
                OverlayWhiteout.CreateWhiteout(hidden);
                continue;
            }
            if (!await CreateAsync(entry, root, path, cancellationToken))
            {
                continue;
            }
            if (entry.EntryType is TarEntryType.HardLink)
            {
                continue;
            }
            Posix.LChown(path, entry.Uid, entry.Gid);
            if (entry.EntryType is TarEntryType.SymbolicLink)
            {
                continue;
            }
            Posix.Chmod(path, (uint)entry.Mode);
            if (entry.EntryType is TarEntryType.Directory)
            {
                knownDirectories.Add(relative);
                directoryTimes.Add((path, entry.ModificationTime.UtcDateTime));
            }
            else
            {
                File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
            }
        }
        // Directory times last: creating their children moved them.
        foreach (var (path, time) in directoryTimes)
        {
            Directory.SetLastWriteTimeUtc(path, time);
        }
    }

    /// <summary>Creates the entry's file; false for entry types a layer does not carry (skipped).</summary>
    private static async Task<bool> CreateAsync(TarEntry entry, string root, string path, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (!(Posix.TryLStat(path, out var existing) && existing.FileType == Posix.Directory))
                {
                    Remove(path);
                    Directory.CreateDirectory(path);
                }
                return true;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Remove(path);
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(file, cancellationToken);
                    }
                }
                return true;
            case TarEntryType.SymbolicLink:
                Remove(path);
                File.CreateSymbolicLink(path, entry.LinkName);
                return true;
            case TarEntryType.HardLink:
                Remove(path);
                Posix.Link(Path.Combine(root, LayerPath.Normalize(entry.LinkName)), path);
                return true;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                Remove(path);
                var type = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => Posix.CharacterDevice,
                    TarEntryType.BlockDevice => Posix.BlockDevice,
                    _ => Posix.Fifo,
                };
                Posix.MkNod(path, type | (uint)entry.Mode, (uint)((PosixTarEntry)entry).DeviceMajor, (uint)((PosixTarEntry)entry).DeviceMinor);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Makes sure every component of <paramref name="relative"/> is a real directory under root,
    /// creating missing ones; a symbolic link on the way is refused so no entry lands outside root.
    /// </summary>
    private static string EnsureDirectory(string root, string relative, HashSet<string> known)
    {
        if (known.Contains(relative))
        {
            return Path.Combine(root, relative);
        }
        var current = root;
        var soFar = "";
        foreach (var part in relative.Split('/'))
        {
            current = Path.Combine(current, part);
            soFar = soFar.Length == 0 ? part : $"{soFar}/{part}";
            if (known.Contains(soFar))
            {
                continue;
            }
            if (!Posix.TryLStat(current, out var status))
            {
                Directory.CreateDirectory(current);
            }
            else if (status.FileType != Posix.Directory)
            {
                throw new BerthException($"layer entry under {relative} goes through a non-directory");
            }
            known.Add(soFar);
        }
        return current;
    }

    private static void Remove(string path)
    {
        if (!Posix.TryLStat(path, out var status))
        {
            return;
        }
        if (status.FileType == Posix.Directory)
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
