namespace Berth.Engine.Runtime;

/// <summary>
/// A tmpfs mounted in the container: <c>--tmpfs DST[:OPTIONS]</c> or <c>--mount type=tmpfs,destination=DST[,tmpfs-size=N][,tmpfs-mode=M][,ro]</c>,
/// with Podman's default options rw,noexec,nosuid,nodev, which the given ones override.
/// </summary>
/// <param name="Options">The mount options as mount(8) takes them (size=64m, mode=1777, noexec…).</param>
public sealed record TmpfsMount(string Destination, IReadOnlyList<string> Options)
{
    private static readonly string[] Defaults = ["rw", "noexec", "nosuid", "nodev"];

    /// <summary>Flags and their opposites: a given one replaces the default it contradicts.</summary>
    private static readonly Dictionary<string, string> Opposites = new(StringComparer.Ordinal)
    {
        ["rw"] = "ro",
        ["ro"] = "rw",
        ["exec"] = "noexec",
        ["noexec"] = "exec",
        ["suid"] = "nosuid",
        ["nosuid"] = "suid",
        ["dev"] = "nodev",
        ["nodev"] = "dev",
    };

    private static readonly HashSet<string> ValuedOptions = new(StringComparer.Ordinal) { "size", "mode", "nr_inodes", "nr_blocks", "uid", "gid" };

    /// <summary>Parses <c>DST[:OPTIONS]</c>, OPTIONS comma-separated as mount(8)'s (size=64m,mode=1777,exec…).</summary>
    public static TmpfsMount Parse(string value)
    {
        var (destination, options) = value.Split(':', 2) is [var d, var o] ? (d, o.Split(',', StringSplitOptions.RemoveEmptyEntries)) : (value, []);
        return Of(destination, options, value);
    }

    /// <summary>Whether a --mount value asks for a tmpfs (its type=tmpfs).</summary>
    public static bool IsTmpfsMount(string mount) => mount.Split(',').Contains("type=tmpfs");

    /// <summary>Parses Podman's <c>--mount type=tmpfs,destination=DST[,tmpfs-size=N][,tmpfs-mode=OCTAL][,ro|readonly[=true|false]]</c>.</summary>
    public static TmpfsMount ParseMount(string value)
    {
        string? destination = null;
        var options = new List<string>();
        foreach (var field in value.Split(','))
        {
            var (key, given) = field.Split('=', 2) is [var k, var v] ? (k, (string?)v) : (field, null);
            switch (key)
            {
                case "type":
                    break;
                case "destination" or "dst" or "target":
                    destination = given;
                    break;
                case "tmpfs-size":
                    options.Add($"size={given}");
                    break;
                case "tmpfs-mode":
                    options.Add($"mode={given}");
                    break;
                case "ro" or "readonly":
                    options.Add(given is null or "true" ? "ro" : given == "false" ? "rw" : throw new InvalidArgumentException($"invalid mount option {field}: {key} must be true or false"));
                    break;
                case "rw" or "readwrite":
                    options.Add(given is "false" ? "ro" : "rw");
                    break;
                default:
                    throw new InvalidArgumentException($"{key}: invalid mount option");
            }
        }
        return Of(destination ?? throw new InvalidArgumentException("must set volume destination"), options, value);
    }

    /// <summary>A tmpfs at <paramref name="destination"/> with the defaults and <paramref name="given"/> options; <paramref name="value"/> names it in errors.</summary>
    public static TmpfsMount Of(string destination, IReadOnlyList<string> given, string value)
    {
        if (!Path.IsPathRooted(destination))
        {
            throw new InvalidArgumentException($"invalid tmpfs \"{value}\": the destination must be an absolute path");
        }
        foreach (var option in given)
        {
            var name = option.Split('=', 2)[0];
            var valid = option.Contains('=') ? ValuedOptions.Contains(name) && option.Length > name.Length + 1 : Opposites.ContainsKey(option);
            if (!valid)
            {
                throw new InvalidArgumentException($"invalid tmpfs \"{value}\": unknown option \"{option}\"");
            }
        }
        var defaults = Defaults.Where(d => !given.Contains(d) && !given.Contains(Opposites[d]));
        return new TmpfsMount(destination, [.. defaults, .. given.Distinct()]);
    }
}
