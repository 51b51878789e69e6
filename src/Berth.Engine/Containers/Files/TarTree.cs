using System.Formats.Tar;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// Host files as tar entries and back, for `cp` both ways and `export`: a path with everything under it,
/// symbolic links kept as links, extracted under a root that links and ".." cannot leave.
/// </summary>
public static class TarTree
{
    /// <summary>Writes <paramref name="hostPath"/> (and what is under it) as entries named from <paramref name="entryName"/>.</summary>
    public static async Task WriteAsync(TarWriter writer, string hostPath, string entryName, CancellationToken cancellationToken)
    {
        var isDirectory = new DirectoryInfo(hostPath) is { Exists: true, LinkTarget: null };
        if (!isDirectory)
        {
            await writer.WriteEntryAsync(hostPath, entryName, cancellationToken);
            return;
        }
        await writer.WriteEntryAsync(hostPath, entryName + "/", cancellationToken);
        foreach (var child in Directory.EnumerateFileSystemEntries(hostPath).Order(StringComparer.Ordinal))
        {
            await WriteAsync(writer, child, $"{entryName}/{Path.GetFileName(child)}", cancellationToken);
        }
    }

    /// <summary>
    /// Extracts a tar stream into <paramref name="directory"/>, a path seen from <paramref name="root"/> (a container's
    /// root, or "/" for the host), each entry owned as <paramref name="ownership"/> says. A non-directory replaces what
    /// is there; a directory merges with one.
    /// </summary>
    public static async Task ExtractAsync(Stream tar, string root, string directory, TarOwnership ownership, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (await ExtractEntryAsync(entry, root, directory, cancellationToken) is { } extracted)
            {
                ownership.Apply(extracted, entry);
            }
        }
    }

    /// <summary>Where the entry was extracted; null for an entry naming the extraction point itself.</summary>
    private static async Task<string?> ExtractEntryAsync(TarEntry entry, string root, string directory, CancellationToken cancellationToken)
    {
        var name = entry.Name.TrimStart('/');
        if (name.Split('/').Contains(".."))
        {
            throw new InvalidArgumentException($"invalid archive: {entry.Name} leaves the extraction point");
        }
        if (name.Trim('/', '.').Length == 0)
        {
            return null;
        }
        var target = ContainerPathResolver.Resolve(root, $"{directory}/{name}", followLast: false);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (entry.EntryType == TarEntryType.Directory)
        {
            Directory.CreateDirectory(target);
            Linux.Posix.Chmod(target, (uint)entry.Mode);
            return target;
        }
        RemoveNonDirectory(target);
        switch (entry.EntryType)
        {
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(target, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                Linux.Posix.Link(ContainerPathResolver.Resolve(root, $"{directory}/{entry.LinkName.TrimStart('/')}", followLast: false), target);
                break;
            default:
                await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
                break;
        }
        return target;
    }

    private static void RemoveNonDirectory(string path)
    {
        if (new FileInfo(path) is { LinkTarget: not null } or { Exists: true })
        {
            File.Delete(path);
        }
    }
}
