namespace Berth.Engine.Runtime;

/// <summary>
/// The per-container /etc/hostname, /etc/hosts and /etc/resolv.conf, written beside the bundle and
/// bind-mounted over the image's, as Podman does.
/// </summary>
public static class EtcFiles
{
    /// <summary>Writes the files into <paramref name="directory"/> and returns the mounts that place them.</summary>
    /// <param name="nameServers">The name servers of the container's user networks; null: the host's.</param>
    public static IReadOnlyList<BindMount> Write(string directory, string hostname, NetworkMode network, string? ipAddress, string? containerName = null,
        IReadOnlyList<string>? nameServers = null)
    {
        var hostnamePath = WriteHostname(directory, hostname);
        var hostsPath = Path.Combine(directory, "hosts");
        var resolvPath = Path.Combine(directory, "resolv.conf");
        var hosts = network == NetworkMode.Host && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        hosts += $"{ipAddress ?? "127.0.1.1"}\t{hostname}{(containerName is null || containerName == hostname ? "" : " " + containerName)}\n";
        File.WriteAllText(hostsPath, hosts);
        File.WriteAllText(resolvPath, network == NetworkMode.None ? "" : nameServers is null ? HostResolvConf(network) : NetworkResolvConf(nameServers));
        return
        [
            new BindMount(hostnamePath, "/etc/hostname"),
            new BindMount(hostsPath, "/etc/hosts"),
            new BindMount(resolvPath, "/etc/resolv.conf"),
        ];
    }

    /// <summary>
    /// For a container in another's network namespace (`--network container:`): its own /etc/hostname, and the other
    /// container's /etc/hosts and /etc/resolv.conf from <paramref name="joinedDirectory"/>, shared as Podman shares them.
    /// </summary>
    public static IReadOnlyList<BindMount> WriteJoined(string directory, string hostname, string joinedDirectory) =>
    [
        new BindMount(WriteHostname(directory, hostname), "/etc/hostname"),
        new BindMount(Path.Combine(joinedDirectory, "hosts"), "/etc/hosts"),
        new BindMount(Path.Combine(joinedDirectory, "resolv.conf"), "/etc/resolv.conf"),
    ];

    private static string WriteHostname(string directory, string hostname)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "hostname");
        File.WriteAllText(path, hostname + "\n");
        return path;
    }

    /// <summary>The networks' name servers (which forward other names to the host's), with the host's search domains and options.</summary>
    private static string NetworkResolvConf(IReadOnlyList<string> nameServers)
    {
        var host = File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf") : [];
        var kept = host.Where(l => l.TrimStart().StartsWith("search ", StringComparison.Ordinal) || l.TrimStart().StartsWith("options ", StringComparison.Ordinal));
        return string.Concat(kept.Concat(nameServers.Select(s => "nameserver " + s)).Select(l => l + "\n"));
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
