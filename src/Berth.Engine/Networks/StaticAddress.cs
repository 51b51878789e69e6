using System.Net;
using System.Net.Sockets;

namespace Berth.Engine.Networks;

/// <summary>A fixed address asked for on a user network (`--ip`): an IPv4 address in the network's subnet, refused in Podman's words otherwise.</summary>
public static class StaticAddress
{
    public static string Checked(string address, NetworkRecord network)
    {
        if (!IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new InvalidArgumentException($"invalid argument \"{address}\" for \"--ip\" flag: failed to parse IP: \"{address}\"");
        }
        return IPNetwork.Parse(network.Subnet).Contains(parsed)
            ? address
            : throw new InvalidArgumentException($"requested static ip {address} not in any subnet on network {network.Name}");
    }
}
