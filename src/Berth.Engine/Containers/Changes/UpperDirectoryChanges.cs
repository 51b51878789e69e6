using Berth.Engine.Linux;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Containers.Changes;

/// <summary>
/// Reads a container's changes from its overlay upper directory: a whiteout device is a deletion, anything
/// else is an addition unless the image's layers have the path, then a change (directories copied up for a
/// child's sake included, as Podman and Docker report them). Sorted by path, as `podman diff` prints them.
/// </summary>
public static class UpperDirectoryChanges
{
    /// <param name="upper">The container's upper directory.</param>
    /// <param name="layers">The image's layer directories, lowest first.</param>
    public static IReadOnlyList<FilesystemChange> Compute(string upper, IReadOnlyList<string> layers)
    {
        var changes = new List<FilesystemChange>();
        if (Directory.Exists(upper))
        {
            Walk(upper, "", layers, changes);
        }
        return [.. changes.OrderBy(c => c.Path, StringComparer.Ordinal)];
    }

    private static void Walk(string directory, string prefix, IReadOnlyList<string> layers, List<FilesystemChange> changes)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = $"{prefix}/{Path.GetFileName(path)}";
            var status = Posix.LStat(path);
            if (status.IsWhiteoutDevice)
            {
                changes.Add(new FilesystemChange(name, ChangeKind.Deleted));
                continue;
            }
            changes.Add(new FilesystemChange(name, InImage(name, layers) ? ChangeKind.Modified : ChangeKind.Added));
            if (status.FileType == Posix.Directory)
            {
                Walk(path, name, layers, changes);
            }
        }
    }

    /// <summary>Whether the topmost layer that mentions the path has it (rather than a whiteout of it).</summary>
    private static bool InImage(string path, IReadOnlyList<string> layers)
    {
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            var candidate = layers[i] + path;
            if (Path.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null)
            {
                return !Posix.LStat(candidate).IsWhiteoutDevice;
            }
            if (Path.GetDirectoryName(candidate) is { } parent && Directory.Exists(parent) && OverlayWhiteout.IsOpaque(parent))
            {
                return false;
            }
        }
        return false;
    }
}
