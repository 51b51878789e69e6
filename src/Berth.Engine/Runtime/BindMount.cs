using Berth.Engine.Volumes;

namespace Berth.Engine.Runtime;

/// <summary>
/// A host path bind-mounted into the container, <c>-v SRC:DST[:ro]</c>, or a named volume, <c>-v NAME:DST[:ro]</c>,
/// whose <see cref="Source"/> is empty until the container's creation resolves it to the volume's data directory.
/// </summary>
public sealed record BindMount(string Source, string Destination, bool ReadOnly = false)
{
    /// <summary>The named volume mounted here; null for a bind mount of a host path.</summary>
    public string? VolumeName { get; init; }

    /// <summary>
    /// Parses <c>SRC:DST[:ro|rw]</c>: SRC an absolute host path that exists, or a volume name (Docker's rule:
    /// a name is what is not a path).
    /// </summary>
    public static BindMount Parse(string value)
    {
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": expected SRC:DST[:ro]");
        }
        if (!Path.IsPathRooted(parts[1]))
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": DST must be an absolute path");
        }
        var named = !Path.IsPathRooted(parts[0]);
        if (named && !VolumeStore.IsValidName(parts[0]))
        {
            throw new InvalidArgumentException(
                $"invalid volume \"{value}\": \"{parts[0]}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
        if (!named && !Path.Exists(parts[0]))
        {
            throw new InvalidArgumentException($"invalid volume \"{value}\": {parts[0]} does not exist");
        }
        var readOnly = parts.Length == 3 && parts[2] switch
        {
            "ro" => true,
            "rw" => false,
            _ => throw new InvalidArgumentException($"invalid volume \"{value}\": unknown option \"{parts[2]}\" (ro or rw)"),
        };
        return named ? new BindMount("", parts[1], readOnly) { VolumeName = parts[0] } : new BindMount(parts[0], parts[1], readOnly);
    }
}
