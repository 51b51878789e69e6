using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Streaming;

/// <summary>
/// The agent's end of the API server's reverse tunnel (the server's NodeTunnels): a control WebSocket held open to
/// /berth/v1/tunnel, reopened with back-off when it drops; each <c>dial ID</c> on it becomes a data WebSocket to
/// /berth/v1/tunnel/ID joined to a TCP connection to this node's streaming server. So logs, exec, attach and
/// port-forward work where the server cannot open connections to the node, only the node to the server.
/// </summary>
public sealed partial class ReverseTunnel(ApiConnection connection, int streamingPort, TimeProvider time, ILogger<ReverseTunnel> logger) : IDisposable
{
    private const string ControlPath = "/berth/v1/tunnel";
    private const string DialPrefix = "dial ";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _invoker = new(connection.CreateHandler());

    /// <summary>Holds the tunnel until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Only new connections present a rotated client certificate: the control connection is reopened with it,
            // as kubelet closes its connections when its certificate rotates. Relays in progress go on.
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var certificate = connection.ClientCertificate;
            if (certificate is not null)
            {
                certificate.Replaced += session.Cancel;
            }
            try
            {
                using var control = await ConnectAsync(ControlPath, session.Token);
                LogHeld(connection.Server);
                backoff = TimeSpan.FromSeconds(1);
                await ServeDialsAsync(control, session.Token, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                LogReopening();
                continue;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                LogLost(e.Message, backoff);
            }
            finally
            {
                if (certificate is not null)
                {
                    certificate.Replaced -= session.Cancel;
                }
            }
            try
            {
                await Task.Delay(backoff, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task ServeDialsAsync(ClientWebSocket control, CancellationToken sessionToken, CancellationToken cancellationToken)
    {
        var buffer = new byte[128];
        while (true)
        {
            var received = await control.ReceiveAsync(buffer, sessionToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("the server closed the tunnel");
            }
            var message = Encoding.UTF8.GetString(buffer, 0, received.Count);
            if (message.StartsWith(DialPrefix, StringComparison.Ordinal))
            {
                _ = Task.Run(() => RelayAsync(message[DialPrefix.Length..], cancellationToken), CancellationToken.None);
            }
        }
    }

    /// <summary>Joins a data WebSocket to a new connection to the streaming server until either side ends.</summary>
    private async Task RelayAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var data = await ConnectAsync($"{ControlPath}/{id}", cancellationToken);
            using var streaming = new TcpClient { NoDelay = true };
            await streaming.ConnectAsync(IPAddress.Loopback, streamingPort, cancellationToken);
            await using var tunnel = WebSocketStream.Create(data, WebSocketMessageType.Binary, ownsWebSocket: false);
            var local = streaming.GetStream();
            // Whichever way ends first, the other has nothing left to carry: disposing ends both.
            await Task.WhenAny(local.CopyToAsync(tunnel, cancellationToken), tunnel.CopyToAsync(local, cancellationToken));
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or SocketException or OperationCanceledException)
        {
            LogRelayFailed(id, e.Message);
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", connection.UserAgent);
        if (connection.Token is { } token)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }
        try
        {
            await socket.ConnectAsync(new UriBuilder(connection.Server) { Scheme = "wss", Path = path }.Uri, _invoker, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _invoker.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Holding a reverse tunnel to {Server}")]
    private partial void LogHeld(Uri server);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reopening the reverse tunnel with the rotated client certificate")]
    private partial void LogReopening();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reverse tunnel is down ({Error}); trying again in {Delay}")]
    private partial void LogLost(string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tunnel connection {Id} ended: {Error}")]
    private partial void LogRelayFailed(string id, string error);
}
