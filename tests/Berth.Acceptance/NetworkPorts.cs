using System.Net;
using System.Net.Sockets;

namespace Berth.Acceptance;

public static class NetworkPorts
{
    /// <summary>A TCP port on loopback that was free a moment ago (the kernel's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
