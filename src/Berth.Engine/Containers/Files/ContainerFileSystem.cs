using System.Formats.Tar;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// One container's files, open for `cp`: stat a path, write it as a tar stream (`docker cp CONTAINER:PATH`),
/// or extract a tar stream into a directory (`docker cp - CONTAINER:DIR`), as dockerd's archive endpoints do.
/// </summary>
public sealed class ContainerFileSystem(ContainerRecord record, string root, Action? release) : IDisposable
{
    /// <summary>The path's status, a symbolic link in its last component not followed.</summary>
    public ContainerPathStat Stat(string path) => ContainerPathStat.Of(Existing(path, followLast: false), BaseName(path));

    /// <summary>
    /// A tar of the path, named by its base name (a directory with everything under it; symbolic links
    /// as links, a link in the last component itself), as `docker cp` expects to rebase it.
    /// </summary>
    public async Task WriteArchiveAsync(string path, Stream output, CancellationToken cancellationToken)
    {
        var source = Existing(path, followLast: false);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteTreeAsync(writer, source, BaseName(path), cancellationToken);
    }

    /// <summary>Extracts a tar stream into the directory <paramref name="directory"/>, which must exist.</summary>
    public async Task ExtractAsync(string directory, Stream tar, CancellationToken cancellationToken)
    {
        var target = Existing(directory, followLast: true);
        if (!Directory.Exists(target))
        {
            throw new InvalidArgumentException("extraction point is not a directory");
        }
        var containerDirectory = "/" + Path.GetRelativePath(root, target);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            await ExtractEntryAsync(entry, containerDirectory, cancellationToken);
        }
    }

    public void Dispose() => release?.Invoke();

    private async Task ExtractEntryAsync(TarEntry entry, string directory, CancellationToken cancellationToken)
    {
        var name = entry.Name.TrimStart('/');
        if (name.Split('/').Contains(".."))
        {
            throw new InvalidArgumentException($"invalid archive: {entry.Name} leaves the extraction point");
        }
        if (name.Trim('/', '.').Length == 0)
        {
            return;
        }
        var target = ContainerPathResolver.Resolve(root, $"{directory}/{name}", followLast: false);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (entry.EntryType == TarEntryType.Directory)
        {
            Directory.CreateDirectory(target);
            Linux.Posix.Chmod(target, (uint)entry.Mode);
            return;
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
    }

    private static void RemoveNonDirectory(string path)
    {
        if (new FileInfo(path) is { LinkTarget: not null } or { Exists: true })
        {
            File.Delete(path);
        }
    }

    private static async Task WriteTreeAsync(TarWriter writer, string hostPath, string entryName, CancellationToken cancellationToken)
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
            await WriteTreeAsync(writer, child, $"{entryName}/{Path.GetFileName(child)}", cancellationToken);
        }
    }

    private string Existing(string path, bool followLast)
    {
        var hostPath = ContainerPathResolver.Resolve(root, path, followLast);
        return Path.Exists(hostPath) || new FileInfo(hostPath).LinkTarget is not null
            ? hostPath
            : throw new NotFoundException($"Could not find the file {path} in container {record.Name}");
    }

    /// <summary>The name the path's entries get: its last component ("." for a path ending in "/.", as dockerd keeps it).</summary>
    private static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed.EndsWith("/.", StringComparison.Ordinal) ? "." : Path.GetFileName(trimmed);
    }
}
