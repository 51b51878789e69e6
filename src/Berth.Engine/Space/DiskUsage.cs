namespace Berth.Engine.Space;

/// <summary>
/// Bytes a file or directory tree holds, as du counts apparent sizes: symlinks are not followed, and
/// entries that vanish while being measured (a concurrent removal) count as nothing.
/// </summary>
public static class DiskUsage
{
    /// <summary>The size of <paramref name="path"/>, leaving out the tree at <paramref name="skip"/> (a mount point, say).</summary>
    public static long Of(string path, string? skip = null) => Measure(path, skip is null ? null : Path.GetFullPath(skip));

    private static long Measure(string path, string? skip)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || !info.Attributes.HasFlag(FileAttributes.Directory))
            {
                return info.Exists ? info.Length : 0;
            }
            return new DirectoryInfo(path).EnumerateFileSystemInfos()
                .Where(entry => entry.FullName != skip)
                .Sum(entry => Measure(entry.FullName, skip));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
