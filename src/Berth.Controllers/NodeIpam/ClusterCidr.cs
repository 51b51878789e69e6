using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Berth.Controllers.NodeIpam;

/// <summary>
/// The IPv4 range pods' addresses come from (kube-controller-manager's --cluster-cidr), cut into one subnet per node
/// of <see cref="NodeMaskSize"/> bits (--node-cidr-mask-size): 10.42.0.0/16 in /24s gives 256 nodes 254 pods each.
/// </summary>
public sealed record ClusterCidr(uint Network, int PrefixLength, int NodeMaskSize)
{
    public const string Default = "10.42.0.0/16";
    public const int DefaultNodeMaskSize = 24;

    /// <summary>How many node subnets the range holds.</summary>
    public int Count => 1 << (NodeMaskSize - PrefixLength);

    public static ClusterCidr Parse(string text, int nodeMaskSize = DefaultNodeMaskSize)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 8 or > 28)
        {
            throw new FormatException($"invalid cluster CIDR {text}: want an IPv4 network of /8 to /28, e.g. {Default}");
        }
        // kube refuses a node mask more than 16 bits longer than the cluster's: the allocator's bitmap stays small.
        if (nodeMaskSize < prefix || nodeMaskSize > 30 || nodeMaskSize - prefix > 16)
        {
            throw new FormatException($"node CIDR mask size {nodeMaskSize} does not fit cluster CIDR {text}: want /{prefix} to /{Math.Min(30, prefix + 16)}");
        }
        return new ClusterCidr(ToNumber(address) & Mask(prefix), prefix, nodeMaskSize);
    }

    /// <summary>The node subnet at <paramref name="index"/>, as spec.podCIDR writes it.</summary>
    public string SubnetAt(int index) => $"{ToAddress(Network + ((uint)index << (32 - NodeMaskSize)))}/{NodeMaskSize}";

    /// <summary>The index of a node subnet of this range, or null for anything else (another size, outside, not aligned).</summary>
    public int? IndexOf(string subnet)
    {
        var slash = subnet.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(subnet[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || subnet[(slash + 1)..] != NodeMaskSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }
        var number = ToNumber(address);
        return (number & Mask(PrefixLength)) == Network && (number & ~Mask(NodeMaskSize)) == 0
            ? (int)((number - Network) >> (32 - NodeMaskSize))
            : null;
    }

    public override string ToString() => $"{ToAddress(Network)}/{PrefixLength}";

    private static uint Mask(int prefix) => prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
