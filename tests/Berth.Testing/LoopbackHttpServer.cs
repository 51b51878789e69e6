using System.Net;
using System.Net.Sockets;

namespace Berth.Testing;

/// <summary>
/// An HTTP listener on 127.0.0.1, on a port that was free, handing each request to a handler (several
/// at once) until disposed: the plumbing under the tests' own small servers.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Task _serving;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle)
    {
        _handle = handle;
        Port = FreePort();
        _listener.Prefixes.Add($"{BaseUrl}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>"http://127.0.0.1:PORT", no trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public void Dispose()
    {
        // Close alone: Stop then Close unregisters the prefix twice, and the second time the
        // managed HttpListener binds the port again, which fails once another test has taken it.
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's shutdown ends the loop with an exception.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => _handle(context));
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
