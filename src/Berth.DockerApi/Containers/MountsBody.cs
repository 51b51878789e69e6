using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Runtime;
using Berth.Engine.Volumes;

namespace Berth.DockerApi.Containers;

/// <summary>
/// HostConfig.Mounts (what `docker run --mount` and compose send: bind, volume and tmpfs with their options) and
/// HostConfig.Tmpfs (`docker run --tmpfs`), with Docker's errors for what does not fit a type.
/// </summary>
public static class MountsBody
{
    public static (List<BindMount> Mounts, List<TmpfsMount> Tmpfs) Read(JsonObject host)
    {
        var mounts = new List<BindMount>();
        var tmpfs = (host["Tmpfs"] as JsonObject ?? []).Select(t => TmpfsMount.Parse(t.Value?.GetValue<string>() is { Length: > 0 } options ? $"{t.Key}:{options}" : t.Key)).ToList();
        foreach (var mount in host["Mounts"] as JsonArray ?? [])
        {
            var spec = mount as JsonObject ?? throw new InvalidArgumentException("invalid mount config: a mount must be an object");
            var type = spec["Type"]?.GetValue<string>() ?? "";
            var source = spec["Source"]?.GetValue<string>() ?? "";
            var target = spec["Target"]?.GetValue<string>() is { Length: > 0 } t && Path.IsPathRooted(t) ? t : throw new InvalidArgumentException($"invalid mount config for type \"{type}\": invalid mount path: '{spec["Target"]}' mount path must be absolute");
            var readOnly = spec["ReadOnly"]?.GetValue<bool>() ?? false;
            foreach (var options in new[] { "VolumeOptions", "BindOptions", "TmpfsOptions" }.Where(o => spec[o] is JsonObject && !o.StartsWith(Title(type), StringComparison.Ordinal)))
            {
                throw new InvalidArgumentException($"invalid mount config for type \"{type}\": {options} must not be specified on mount type \"{type}\"");
            }
            switch (type)
            {
                case "bind":
                    mounts.Add(Path.IsPathRooted(source) && Path.Exists(source) ? new BindMount(source, target, readOnly)
                        : throw new InvalidArgumentException($"invalid mount config for type \"bind\": bind source path does not exist: {source}"));
                    break;
                case "volume":
                    mounts.Add(source.Length == 0 || VolumeStore.IsValidName(source)
                        ? new BindMount("", target, readOnly) { VolumeName = source, NoCopy = spec["VolumeOptions"]?["NoCopy"]?.GetValue<bool>() ?? false }
                        : throw new InvalidArgumentException($"invalid mount config for type \"volume\": invalid volume name \"{source}\""));
                    break;
                case "tmpfs":
                    tmpfs.Add(TmpfsMount.Of(target, TmpfsOptions(spec["TmpfsOptions"] as JsonObject, readOnly), target));
                    break;
                default:
                    throw new InvalidArgumentException($"invalid mount config: mount type \"{type}\" is not supported (bind, volume or tmpfs)");
            }
        }
        return (mounts, tmpfs);
    }

    /// <summary>SizeBytes as size=, Mode (a Go os.FileMode: the permission bits as a number) as an octal mode=.</summary>
    private static List<string> TmpfsOptions(JsonObject? options, bool readOnly)
    {
        var list = new List<string>();
        if (options?["SizeBytes"]?.GetValue<long>() is > 0 and var size)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"size={size}"));
        }
        if (options?["Mode"]?.GetValue<long>() is > 0 and var mode)
        {
            list.Add("mode=" + Convert.ToString(mode & 0xFFF, 8));
        }
        if (readOnly)
        {
            list.Add("ro");
        }
        return list;
    }

    private static string Title(string type) => type.Length == 0 ? "" : char.ToUpperInvariant(type[0]) + type[1..];
}
