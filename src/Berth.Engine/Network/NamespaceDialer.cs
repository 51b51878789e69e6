using System.Net;
using System.Net.Sockets;
using Berth.Engine.Linux;

namespace Berth.Engine.Network;

/// <summary>
/// TCP connections to a port as a network namespace's own processes see it (its localhost), as CRI
/// runtimes serve port-forward: the socket is made inside the namespace and keeps it for good, so
/// connecting and the traffic after need no thread to stay there.
/// </summary>
public static class NamespaceDialer
{
    /// <summary>
    /// Connects to localhost:<paramref name="port"/> in the namespace at <paramref name="namespacePath"/>
    /// (the host's own when null): 127.0.0.1 first, then ::1, as containerd dials "localhost".
    /// </summary>
    /// <exception cref="NamespaceDialException">Neither address accepted the connection.</exception>
    public static async Task<Socket> ConnectLoopbackAsync(string? namespacePath, int port, CancellationToken cancellationToken)
    {
        var v4 = await TryConnectAsync(namespacePath, new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        if (v4.Socket is { } socket)
        {
            return socket;
        }
        var v6 = await TryConnectAsync(namespacePath, new IPEndPoint(IPAddress.IPv6Loopback, port), cancellationToken);
        return v6.Socket ?? throw new NamespaceDialException(port, v4.Error!, v6.Error!);
    }

    private static async Task<(Socket? Socket, SocketException? Error)> TryConnectAsync(string? namespacePath, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = namespacePath is null
                ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : await NamespaceThread.RunAsync(() => CreateIn(namespacePath, endpoint.AddressFamily));
        }
        catch (SocketException e)
        {
            return (null, e);
        }
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return (socket, null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket CreateIn(string namespacePath, AddressFamily family)
    {
        using var host = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle(namespacePath);
        Namespaces.Enter(target, Namespaces.CloneNewNet);
        try
        {
            return new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        }
        finally
        {
            Namespaces.Enter(host, Namespaces.CloneNewNet);
        }
    }
}
