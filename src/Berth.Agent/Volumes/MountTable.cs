using System.Text;
using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>
/// The mount points of this process' mount namespace (/proc/self/mountinfo), to unmount everything under a pod's directory before it is removed.
/// </summary>
public sealed class MountTable(IReadOnlyList<string> mountPoints)
{
    public IReadOnlyList<string> MountPoints { get; } = mountPoints;

    public static MountTable Read() => Parse(File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>mountinfo's fifth field on each line, with the kernel's octal escapes (\040 for a space) undone.</summary>
    public static MountTable Parse(string mountinfo) =>
        new([.. mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))]);

    /// <summary>The mount points at or below <paramref name="directory"/>, deepest first (the order to unmount them).</summary>
    public IReadOnlyList<string> Under(string directory)
    {
        var root = Canonical(directory);
        return [.. MountPoints.Where(m => m == root || m.StartsWith(root + "/", StringComparison.Ordinal)).Distinct().OrderByDescending(m => m.Length)];
    }

    /// <summary>Detaches every mount at or below <paramref name="directory"/> (a pod's tmpfs volumes), so removing it deletes nothing beyond.</summary>
    public static void UnmountUnder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var mountPoint in Read().Under(directory))
        {
            Mounts.Unmount(mountPoint);
        }
    }

    // mountinfo names real paths: a data dir reached through a symbolic link is compared by its target.
    private static string Canonical(string path) => Path.Exists(path) ? Posix.RealPath(path) : Path.GetFullPath(path);

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).ToString() is var octal && octal.All(c => c is >= '0' and <= '7'))
            {
                bytes.Add(Convert.ToByte(octal, 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
