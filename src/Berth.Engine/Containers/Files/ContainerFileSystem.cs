using System.Formats.Tar;
using Berth.Engine.Events;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// One container's files, open for `cp`: stat a path, write it as a tar stream (`docker cp CONTAINER:PATH`),
/// or extract a tar stream into a directory (`docker cp - CONTAINER:DIR`), as dockerd's archive endpoints do.
/// </summary>
public sealed class ContainerFileSystem(ContainerRecord record, string root, EventLog events, Action? release) : IDisposable
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
        await TarTree.WriteAsync(writer, source, BaseName(path), cancellationToken);
    }

    /// <summary>`export`: a tar of the whole filesystem, entries named relative to its root ("bin/", "bin/sh"), as Podman's.</summary>
    public async Task ExportAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var child in Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal))
        {
            await TarTree.WriteAsync(writer, child, Path.GetFileName(child), cancellationToken);
        }
        events.Container("export", record);
    }

    /// <summary>The container's primary user and group, as its /etc/passwd and /etc/group name them.</summary>
    public ContainerUser User => UserResolver.Resolve(record.User, root);

    /// <summary>Extracts a tar stream into the directory <paramref name="directory"/>, which must exist.</summary>
    public async Task ExtractAsync(string directory, Stream tar, TarOwnership ownership, CancellationToken cancellationToken)
    {
        var target = Existing(directory, followLast: true);
        if (!Directory.Exists(target))
        {
            throw new InvalidArgumentException("extraction point is not a directory");
        }
        await TarTree.ExtractAsync(tar, root, "/" + Path.GetRelativePath(root, target), ownership, cancellationToken);
    }

    public void Dispose() => release?.Invoke();

    /// <summary>Where the host sees the container's <paramref name="path"/>; null when nothing is there.</summary>
    public string? Find(string path, bool followLast)
    {
        var hostPath = ContainerPathResolver.Resolve(root, path, followLast);
        return Path.Exists(hostPath) || new FileInfo(hostPath).LinkTarget is not null ? hostPath : null;
    }

    private string Existing(string path, bool followLast) =>
        Find(path, followLast) ?? throw new NotFoundException($"Could not find the file {path} in container {record.Name}");

    /// <summary>The name the path's entries get: its last component ("." for a path ending in "/.", as dockerd keeps it).</summary>
    public static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed.EndsWith("/.", StringComparison.Ordinal) ? "." : Path.GetFileName(trimmed);
    }
}
