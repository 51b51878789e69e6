namespace Berth.Engine.Volumes;

/// <summary>
/// The local driver's options, as Podman 4.3 takes them (`volume create -o K=V`): type, device and o (a mount(8)
/// filesystem type, source and options), uid, gid, size, inodes, and copy/nocopy without a value.
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
}
