using System.Net.Sockets;

namespace Berth.Agent.Probes;

/// <summary>A tcpSocket probe: it succeeds when a connection opens within timeoutSeconds, and closes it at once.</summary>
public sealed class TcpProber
{
    public async Task<ProbeOutcome> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = $"{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token);
            return ProbeOutcome.Success();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {address}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failure(DialError(address, e));
        }
    }

    /// <summary>Go's dial error text for a socket error, as kube's events show it.</summary>
    public static string DialError(string address, SocketException error) => error.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"dial tcp {address}: connect: connection refused",
        SocketError.HostUnreachable => $"dial tcp {address}: connect: no route to host",
        SocketError.NetworkUnreachable => $"dial tcp {address}: connect: network is unreachable",
        SocketError.TimedOut => $"dial tcp {address}: i/o timeout",
        _ => $"dial tcp {address}: {error.Message}",
    };
}
