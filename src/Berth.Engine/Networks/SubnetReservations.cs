using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.Engine.Networks;

/// <summary>
/// Host-wide reservations of user network subnets, one file per subnet (DIRECTORY/10.90.3.0_24) naming the
/// network record that holds it, made with O_EXCL as host-local makes its address files: two engine roots
/// never get the same subnet. A reservation whose record is gone (a root deleted without `network rm`) is stale
/// and taken over. Subnets that a host route already covers are never handed out.
/// </summary>
public sealed class SubnetReservations(string directory)
{
    /// <summary>Where new networks' subnets come from, as podman's 10.89.X.0/24 pool (10.89.0.0/16 is Berth's default bridge).</summary>
    public static readonly IPNetwork Pool = IPNetwork.Parse("10.90.0.0/16");

    private const int PrefixLength = 24;

    /// <summary>Reserves the first free /24 of the pool for <paramref name="owner"/> (a network record's path).</summary>
    public IPNetwork ReserveFree(string owner)
    {
        var routes = HostRoutes();
        var count = 1 << (PrefixLength - Pool.PrefixLength);
        var first = ToUInt(Pool.BaseAddress);
        for (var i = 0; i < count; i++)
        {
            var candidate = new IPNetwork(FromUInt(first + ((uint)i << (32 - PrefixLength))), PrefixLength);
            if (!routes.Any(r => Overlap(r, candidate)) && TryReserve(candidate, owner))
            {
                return candidate;
            }
        }
        throw new ConflictException($"could not find an available, non-overlapping IPv4 address pool among {Pool}: give --subnet");
    }

    /// <summary>Reserves the subnet the user asked for; taken by another network or a host route: a conflict.</summary>
    public void Reserve(IPNetwork subnet, string owner)
    {
        if (HostRoutes().FirstOrDefault(r => Overlap(r, subnet)) is { } route && route.PrefixLength > 0)
        {
            throw new ConflictException($"subnet {subnet} overlaps with {route}, a route of this host: Pool overlaps with other one on this address space");
        }
        if (!TryReserve(subnet, owner))
        {
            throw new ConflictException($"subnet {subnet} is already used by another network: Pool overlaps with other one on this address space");
        }
    }

    public void Release(IPNetwork subnet) => File.Delete(PathFor(subnet));

    private bool TryReserve(IPNetwork subnet, string owner)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var other = ParseFileName(Path.GetFileName(file));
            if (other is { } taken && Overlap(taken, subnet) && !IsStale(file))
            {
                return false;
            }
        }
        var path = PathFor(subnet);
        if (File.Exists(path))
        {
            File.Delete(path); // stale, checked above
        }
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(owner));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // another process reserved it meanwhile
        }
    }

    private static bool IsStale(string reservation)
    {
        try
        {
            return !File.Exists(File.ReadAllText(reservation).Trim());
        }
        catch (FileNotFoundException)
        {
            return true;
        }
    }

    private string PathFor(IPNetwork subnet) => Path.Combine(directory, $"{subnet.BaseAddress}_{subnet.PrefixLength}");

    private static IPNetwork? ParseFileName(string name) =>
        IPNetwork.TryParse(name.Replace('_', '/'), out var subnet) ? subnet : null;

    /// <summary>The IPv4 routes of this host except the default route (/proc/net/route: little-endian hex).</summary>
    private static List<IPNetwork> HostRoutes()
    {
        var routes = new List<IPNetwork>();
        foreach (var line in File.ReadLines("/proc/net/route").Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length < 8
                || !uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
                || mask == 0)
            {
                continue;
            }
            var prefix = System.Numerics.BitOperations.PopCount(mask);
            routes.Add(new IPNetwork(new IPAddress(BitConverter.GetBytes(destination)), prefix));
        }
        return routes;
    }

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static IPAddress FromUInt(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    internal static bool IsIPv4(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
}
