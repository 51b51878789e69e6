using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Berth.ApiServer.Allocation;

/// <summary>
/// The IPv4 range Service cluster IPs come from (kube-apiserver's --service-cluster-ip-range). As
/// kube's allocator, the network and broadcast addresses are never handed out, so offset 0 is the
/// first address after the network one: the `kubernetes` Service's.
/// </summary>
public sealed record ServiceCidr(uint Network, int PrefixLength)
{
    public const string Default = "10.43.0.0/16";

    /// <summary>Addresses that can be allocated.</summary>
    public int Size => PrefixLength >= 31 ? 0 : (int)Math.Min((1L << (32 - PrefixLength)) - 2, int.MaxValue);

    public static ServiceCidr Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 8 or > 30)
        {
            throw new FormatException($"invalid service CIDR {text}: want an IPv4 network of /8 to /30, e.g. {Default}");
        }
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new ServiceCidr(ToNumber(address) & mask, prefix);
    }

    /// <summary>The address at <paramref name="offset"/> (0 = the first allocatable one).</summary>
    public string AddressAt(int offset) => ToAddress(Network + 1 + (uint)offset).ToString();

    /// <summary>The offset of an allocatable address, or null when it is outside the range (or its network or broadcast address).</summary>
    public int? OffsetOf(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }
        var offset = (long)ToNumber(address) - Network - 1;
        return offset >= 0 && offset < Size ? (int)offset : null;
    }

    public override string ToString() => $"{ToAddress(Network)}/{PrefixLength}";

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
