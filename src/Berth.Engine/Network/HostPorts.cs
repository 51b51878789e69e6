using System.Net;
using System.Net.Sockets;

namespace Berth.Engine.Network;

/// <summary>Whether a host process already holds a port that a mapping would take over.</summary>
internal static class HostPorts
{
    /// <summary>Binds the port for an instant; a refusal becomes a one-line <see cref="BerthException"/>.</summary>
    public static void EnsureFree(PortMapping port)
    {
        if (port.Protocol is not ("tcp" or "udp"))
        {
            return; // .NET has no SCTP sockets; portmap's rules are the only check there
        }
        using var socket = port.Protocol == "tcp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(port.HostIp.Length > 0 ? IPAddress.Parse(port.HostIp) : IPAddress.Any, port.HostPort));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new BerthException($"port {port.Describe()} is already in use on the host");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new BerthException($"cannot publish {port.Describe()}: {port.HostIp} is not an address of this host");
        }
    }
}
