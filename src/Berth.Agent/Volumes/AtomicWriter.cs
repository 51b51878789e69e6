using System.Globalization;
using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>
/// Writes an API data volume as the kubelet does, so a container sees a whole new version or the
/// old one, never a mix: the files live in a hidden timestamped directory (..2026_12_04_13_00_00.N),
/// the link ..data names the current one, and each top-level name is a link through ..data. An update
/// writes a new directory, swaps ..data by an atomic rename, then removes what is gone and the old
/// directory. Names starting with .. are the writer's own.
/// </summary>
public static class AtomicWriter
{
    public const string DataLink = "..data";

    private const string NewDataLink = "..data_tmp";
    private const uint DirectoryMode = 0x1ED; // 0755: group and others may walk to the files

    /// <summary>Makes <paramref name="targetDirectory"/> hold exactly <paramref name="payload"/>; false when it already did.</summary>
    public static bool Write(string targetDirectory, IReadOnlyDictionary<string, FileProjection> payload, DateTimeOffset now)
    {
        foreach (var path in payload.Keys)
        {
            Validate(path);
        }
        var dataLink = Path.Combine(targetDirectory, DataLink);
        var oldVersion = IsLink(dataLink) ? new FileInfo(dataLink).LinkTarget : null;
        if (oldVersion is not null && Holds(Path.Combine(targetDirectory, oldVersion), payload))
        {
            return false;
        }
        var version = Directory.CreateDirectory(Path.Combine(targetDirectory, VersionName(now))).FullName;
        Posix.Chmod(version, DirectoryMode);
        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(version, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, file.Data);
            Posix.Chmod(full, (uint)file.Mode);
        }
        foreach (var top in TopLevelNames(payload.Keys))
        {
            var visible = Path.Combine(targetDirectory, top);
            if (!IsLink(visible))
            {
                File.CreateSymbolicLink(visible, Path.Combine(DataLink, top));
            }
        }
        var newLink = Path.Combine(targetDirectory, NewDataLink);
        File.Delete(newLink);
        File.CreateSymbolicLink(newLink, Path.GetFileName(version));
        Posix.Rename(newLink, dataLink);
        var kept = TopLevelNames(payload.Keys);
        foreach (var entry in Directory.EnumerateFileSystemEntries(targetDirectory).Select(Path.GetFileName).OfType<string>())
        {
            if (!entry.StartsWith("..", StringComparison.Ordinal) && !kept.Contains(entry))
            {
                File.Delete(Path.Combine(targetDirectory, entry));
            }
        }
        if (oldVersion is not null && Directory.Exists(Path.Combine(targetDirectory, oldVersion)))
        {
            Directory.Delete(Path.Combine(targetDirectory, oldVersion), recursive: true);
        }
        return true;
    }

    /// <summary>kube's rules for a projected path: relative, no '..' element, not starting with '..', names of at most 255 bytes.</summary>
    public static void Validate(string path)
    {
        if (path.Length == 0)
        {
            throw new VolumeSetUpException("invalid path: must not be empty: \"\"");
        }
        if (Path.IsPathRooted(path))
        {
            throw new VolumeSetUpException($"invalid path: must be relative path: {path}");
        }
        var items = path.Split('/');
        if (items.Contains(".."))
        {
            throw new VolumeSetUpException($"invalid path: must not contain '..': {path}");
        }
        if (items.Any(i => i.Length > 255))
        {
            throw new VolumeSetUpException("invalid path: filenames must be less than or equal to 255 characters");
        }
        if (items[0].StartsWith("..", StringComparison.Ordinal))
        {
            throw new VolumeSetUpException($"invalid path: must not start with '..': {path}");
        }
    }

    private static bool Holds(string version, IReadOnlyDictionary<string, FileProjection> payload)
    {
        if (!Directory.Exists(version))
        {
            return false;
        }
        var present = Directory.EnumerateFiles(version, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(version, f)).ToHashSet(StringComparer.Ordinal);
        return present.SetEquals(payload.Keys) && payload.All(p =>
        {
            var file = Path.Combine(version, p.Key);
            return File.ReadAllBytes(file).AsSpan().SequenceEqual(p.Value.Data) && (Posix.LStat(file).Mode & 0xFFF) == p.Value.Mode;
        });
    }

    private static bool IsLink(string path) => Posix.TryLStat(path, out var status) && status.FileType == Posix.SymbolicLink;

    private static HashSet<string> TopLevelNames(IEnumerable<string> paths) =>
        paths.Select(p => p.Split('/')[0]).ToHashSet(StringComparer.Ordinal);

    private static string VersionName(DateTimeOffset now) =>
        now.UtcDateTime.ToString("..yyyy_MM_dd_HH_mm_ss.", CultureInfo.InvariantCulture) + Random.Shared.Next().ToString(CultureInfo.InvariantCulture);
}
