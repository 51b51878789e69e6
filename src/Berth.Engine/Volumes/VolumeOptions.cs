namespace Berth.Engine.Volumes;

/// <summary>
/// The local driver's options, as Podman 4.3 takes them (`volume create -o K=V`): type, device and o (a mount(8)
/// filesystem type, source and options), uid, gid, size, inodes, and copy/nocopy without a value. A volume with a
/// type is that filesystem mounted on its data directory (<see cref="VolumeStore.MountIfNeeded"/>).
/// </summary>
public static class VolumeOptions
{
    private static readonly HashSet<string> Keys = new(StringComparer.OrdinalIgnoreCase) { "type", "device", "o", "uid", "gid", "size", "inodes", "copy", "nocopy" };

    /// <summary>Reads <c>K=V</c> (or a bare <c>K</c>) items; the last of a repeated key wins.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> items)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=');
            options[equals < 0 ? item : item[..equals]] = equals < 0 ? "" : item[(equals + 1)..];
        }
        Validate(options);
        return options;
    }

    /// <summary>Refuses a key the local driver does not know, with Podman's wording.</summary>
    public static void Validate(IReadOnlyDictionary<string, string> options)
    {
        foreach (var key in options.Keys)
        {
            if (!Keys.Contains(key))
            {
                throw new InvalidArgumentException($"invalid mount option {key} for driver 'local': invalid argument");
            }
        }
    }
    /// <summary>
    /// Splits an <c>o=</c> value as mount(8) does: the generic flags (ro, nosuid, nodev, noexec, noatime, bind) become
    /// mount(2) flags, the rest stays the filesystem's option string (tmpfs' size=64m, uid=1000).
    /// </summary>
    public static (ulong Flags, string? Data) MountFlags(string? o)
    {
        ulong flags = 0;
        var data = new List<string>();
        foreach (var option in (o ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ulong? flag = option switch
            {
                "ro" => 0x1,
                "nosuid" => 0x2,
                "nodev" => 0x4,
                "noexec" => 0x8,
                "noatime" => 0x400,
                "bind" => 0x1000,
                "rw" or "suid" or "dev" or "exec" or "atime" => 0,
                _ => null,
            };
            if (flag is { } known)
            {
                flags |= known;
            }
            else
            {
                data.Add(option);
            }
        }
        return (flags, data.Count > 0 ? string.Join(',', data) : null);
    }
}
