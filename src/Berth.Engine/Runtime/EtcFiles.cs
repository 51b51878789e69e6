namespace Berth.Engine.Runtime;

/// <summary>
/// The per-container /etc/hostname, /etc/hosts and /etc/resolv.conf, written beside the bundle and
/// bind-mounted over the image's, as Podman does.
/// </summary>
public static class EtcFiles
{
    /// <summary>Writes the files into <paramref name="directory"/> and returns the mounts that place them.</summary>
    public static IReadOnlyList<BindMount> Write(string directory, string hostname, NetworkMode network, string? ipAddress, string? containerName = null)
    {
        Directory.CreateDirectory(directory);
        var hostnamePath = Path.Combine(directory, "hostname");
        var hostsPath = Path.Combine(directory, "hosts");
        var resolvPath = Path.Combine(directory, "resolv.conf");
        File.WriteAllText(hostnamePath, hostname + "\n");
        var hosts = network == NetworkMode.Host && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        hosts += $"{ipAddress ?? "127.0.1.1"}\t{hostname}{(containerName is null || containerName == hostname ? "" : " " + containerName)}\n";
        File.WriteAllText(hostsPath, hosts);
        File.WriteAllText(resolvPath, network == NetworkMode.None ? "" : HostResolvConf(network));
        return
        [
            new BindMount(hostnamePath, "/etc/hostname"),
            new BindMount(hostsPath, "/etc/hosts"),
            new BindMount(resolvPath, "/etc/resolv.conf"),
        ];
    }

    /// <summary>The host's resolv.conf; on a bridge without the nameservers on 127.0.0.0/8, which the container cannot reach.</summary>
    private static string HostResolvConf(NetworkMode network)
    {
        if (!File.Exists("/etc/resolv.conf"))
        {
            return "";
        }
        var lines = File.ReadAllLines("/etc/resolv.conf");
        return string.Concat(lines
            .Where(l => network == NetworkMode.Host || !l.TrimStart().StartsWith("nameserver 127.", StringComparison.Ordinal))
            .Select(l => l + "\n"));
    }
}
