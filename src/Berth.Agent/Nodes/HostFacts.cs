using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Berth.Agent.Nodes;

/// <summary>
/// What a node reports about its machine (cadvisor's MachineInfo in kubelet): processors, memory and
/// storage, kernel and OS, the machine's identities, and the address other nodes reach it on.
/// </summary>
public sealed record HostFacts
{
    public required int Cpus { get; init; }
    public required long MemoryBytes { get; init; }
    public required long StorageBytes { get; init; }
    public required string KernelVersion { get; init; }
    public required string OsImage { get; init; }
    public required string Architecture { get; init; }
    public required string MachineId { get; init; }
    public required string SystemUuid { get; init; }
    public required string BootId { get; init; }
    public required string Hostname { get; init; }
    public required string InternalIp { get; init; }

    /// <summary>Reads this machine; <paramref name="nodeIp"/> overrides the address of the default route's interface.</summary>
    public static HostFacts Read(string dataDir, string? nodeIp)
    {
        var machineId = FirstLine("/etc/machine-id") ?? Environment.MachineName;
        return new HostFacts
        {
            Cpus = Environment.ProcessorCount,
            MemoryBytes = MemInfo("MemTotal") ?? 0,
            StorageBytes = StorageOf(dataDir),
            KernelVersion = FirstLine("/proc/sys/kernel/osrelease") ?? "unknown",
            OsImage = OsRelease("PRETTY_NAME") ?? "Linux",
            Architecture = RuntimeInformation.OSArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => "amd64",
                System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
                var other => other.ToString().ToLowerInvariant(),
            },
            MachineId = machineId,
            SystemUuid = FirstLine("/sys/class/dmi/id/product_uuid")?.ToLowerInvariant() ?? machineId,
            BootId = FirstLine("/proc/sys/kernel/random/boot_id") ?? "",
            Hostname = Environment.MachineName.ToLowerInvariant(),
            InternalIp = nodeIp ?? DefaultRouteAddress() ?? "127.0.0.1",
        };
    }

    /// <summary>A value of /proc/meminfo in bytes (the file says kB and means KiB).</summary>
    internal static long? MemInfo(string key)
    {
        foreach (var line in ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal)
                && long.TryParse(line[(key.Length + 1)..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                return kib * 1024;
            }
        }
        return null;
    }

    internal static long StorageOf(string path)
    {
        try
        {
            return new DriveInfo(ExistingAncestor(path)).TotalSize;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    internal static string ExistingAncestor(string path)
    {
        var current = Path.GetFullPath(path);
        while (!Directory.Exists(current))
        {
            current = Path.GetDirectoryName(current) ?? "/";
        }
        return current;
    }

    private static string? OsRelease(string key)
    {
        foreach (var line in ReadLines("/etc/os-release"))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].Trim('"');
            }
        }
        return null;
    }

    /// <summary>The IPv4 address of the interface the default route leaves through (/proc/net/route: destination 00000000).</summary>
    public static string? DefaultRouteAddress()
    {
        var device = ReadLines("/proc/net/route").Skip(1).Select(l => l.Split('\t', StringSplitOptions.TrimEntries))
            .FirstOrDefault(f => f.Length > 2 && f[1] == "00000000")?[0];
        var interfaces = NetworkInterface.GetAllNetworkInterfaces().Where(i => i.OperationalStatus != OperationalStatus.Down).ToList();
        var candidates = device is null ? interfaces.Where(i => i.NetworkInterfaceType != NetworkInterfaceType.Loopback) : interfaces.Where(i => i.Name == device);
        return candidates.SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString();
    }

    private static string? FirstLine(string path) => ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
