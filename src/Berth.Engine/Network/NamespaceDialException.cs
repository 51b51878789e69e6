using System.Net.Sockets;

namespace Berth.Engine.Network;

/// <summary>Nothing accepted a connection to localhost:PORT in a namespace, over IPv4 nor IPv6; the errors in Go's words.</summary>
public sealed class NamespaceDialException(int port, SocketException v4, SocketException v6)
    : Exception($"IPv4: dial tcp4 127.0.0.1:{port}: connect: {GoText(v4)} IPv6 dial tcp6 [::1]:{port}: connect: {GoText(v6)}")
{
    public int Port { get; } = port;

    /// <summary>The errno text as Go's syscall package words it (lowercase strerror).</summary>
    private static string GoText(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        SocketError.NetworkUnreachable => "network is unreachable",
        SocketError.TimedOut => "connection timed out",
        _ => e.Message.ToLowerInvariant(),
    };
}
