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

    /// <summary>A fresh volume is left empty instead of receiving the image's content at the destination (nocopy).</summary>
    public bool NoCopy { get; init; }

    /// <summary>
    /// Parses <c>SRC:DST[:OPTIONS]</c>: SRC an absolute host path that exists, or a volume name (Docker's rule:
    /// a name is what is not a path); a lone absolute <c>DST</c> asks for a new anonymous volume there. OPTIONS,
    /// comma-separated: ro or rw; for a volume, nocopy or copy; z and Z (SELinux labels, which a host without
    /// SELinux ignores, as Podman does).
    /// </summary>
    public static BindMount Parse(string value)
    {
        var parts = value.Split(':');
        if (parts is [var anonymous] && Path.IsPathRooted(anonymous))
        {
            return new BindMount("", anonymous) { VolumeName = "" };
        }
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
        bool readOnly = false, noCopy = false;
        foreach (var option in parts.Length == 3 ? parts[2].Split(',') : [])
        {
            switch (option)
            {
                case "ro" or "rw":
                    readOnly = option == "ro";
                    break;
                case "nocopy" or "copy" when named:
                    noCopy = option == "nocopy";
                    break;
                case "z" or "Z":
                    break;
                default:
                    throw new InvalidArgumentException($"invalid volume \"{value}\": unknown option \"{option}\" (ro, rw, z, Z; nocopy and copy for a volume)");
            }
        }
        return named ? new BindMount("", parts[1], readOnly) { VolumeName = parts[0], NoCopy = noCopy } : new BindMount(parts[0], parts[1], readOnly);
    }

    /// <summary>
    /// Parses Podman's <c>--mount type=volume|bind,source=SRC,destination=DST[,ro|readonly[=true|false]][,nocopy]</c> (src, dst and
    /// target are accepted too, and Docker's volume-nocopy). A volume mount without a source gets a new anonymous volume, as Podman's.
    /// type=tmpfs is <see cref="TmpfsMount.ParseMount"/>'s.
    /// </summary>
    public static BindMount ParseMount(string value)
    {
        string? type = null, source = null, destination = null;
        bool readOnly = false, noCopy = false;
        foreach (var field in value.Split(','))
        {
            var (key, given) = field.Split('=', 2) is [var k, var v] ? (k, (string?)v) : (field, null);
            switch (key)
            {
                case "type":
                    type = given;
                    break;
                case "source" or "src":
                    source = given;
                    break;
                case "destination" or "dst" or "target":
                    destination = given;
                    break;
                case "ro" or "readonly":
                    readOnly = given switch
                    {
                        null or "true" => true,
                        "false" => false,
                        _ => throw new InvalidArgumentException($"invalid mount option {field}: {key} must be true or false"),
                    };
                    break;
                case "rw" or "readwrite":
                    readOnly = given is "false";
                    break;
                case "nocopy" or "volume-nocopy":
                    noCopy = given is null or "true" || (given is "false" ? false : throw new InvalidArgumentException($"invalid mount option {field}: {key} must be true or false"));
                    break;
                default:
                    throw new InvalidArgumentException($"{key}: invalid mount option");
            }
        }
        if (type is not ("volume" or "bind"))
        {
            throw new InvalidArgumentException(type is null ? "type must be defined" : $"invalid filesystem type \"{type}\": Berth mounts volume, bind and tmpfs");
        }
        if (string.IsNullOrEmpty(destination))
        {
            throw new InvalidArgumentException("must set volume destination");
        }
        if (!Path.IsPathRooted(destination))
        {
            throw new InvalidArgumentException($"invalid mount \"{value}\": destination must be an absolute path");
        }
        if (type == "bind")
        {
            if (noCopy)
            {
                throw new InvalidArgumentException($"invalid mount \"{value}\": nocopy applies to volumes");
            }
            if (string.IsNullOrEmpty(source))
            {
                throw new InvalidArgumentException("must set source for bind mount");
            }
            return Parse($"{source}:{destination}:{(readOnly ? "ro" : "rw")}") is { VolumeName: null } bind
                ? bind
                : throw new InvalidArgumentException($"invalid mount \"{value}\": a bind mount's source must be an absolute path");
        }
        if (!string.IsNullOrEmpty(source) && !VolumeStore.IsValidName(source))
        {
            throw new InvalidArgumentException(
                $"invalid mount \"{value}\": \"{source}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
        }
        // An empty volume name asks the creation for a new anonymous volume.
        return new BindMount("", destination, readOnly) { VolumeName = source ?? "", NoCopy = noCopy };
    }
}
