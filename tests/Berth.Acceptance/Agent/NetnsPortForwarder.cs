using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Makes a port of the host's loopback (the test registry) reachable on the same loopback port inside a network
/// namespace, as if the node in it had the registry locally: a listening socket made inside the namespace (sockets
/// stay in the namespace they were made in) whose connections are relayed to the host's port.
/// </summary>
public sealed partial class NetnsPortForwarder : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();

    public NetnsPortForwarder(string netnsPath, int port)
    {
        Socket? listener = null;
        Exception? failure = null;
        // setns moves only the calling thread: a thread of its own, so no other work ever runs in the namespace.
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle(netnsPath);
                if (SetNs((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns {netnsPath}: errno {Marshal.GetLastPInvokeError()}");
                }
                listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen(64);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        _listener = listener ?? throw new IOException($"cannot listen on 127.0.0.1:{port} in {netnsPath}", failure);
        _ = AcceptAsync(port);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }

    private async Task AcceptAsync(int port)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(inside, port);
        }
    }

    private async Task RelayAsync(Socket inside, int port)
    {
        using (inside)
        using (var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await host.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
                await using var a = new NetworkStream(inside);
                await using var b = new NetworkStream(host);
                await Task.WhenAll(CopyAsync(a, b, host), CopyAsync(b, a, inside));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
                // A connection cut by either side, or the forwarder stopping.
            }
        }
    }

    // Half-closes the other side when one side is done, as a TCP relay must for request/response protocols.
    private async Task CopyAsync(Stream from, Stream to, Socket toSocket)
    {
        await from.CopyToAsync(to, _stop.Token);
        toSocket.Shutdown(SocketShutdown.Send);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
