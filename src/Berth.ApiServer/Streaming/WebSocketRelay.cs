using System.Net.WebSockets;

namespace Berth.ApiServer.Streaming;

/// <summary>Copies messages both ways between the client's WebSocket and the node's until either side closes, then closes the other.</summary>
public static class WebSocketRelay
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(WebSocket client, WebSocket node, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = PumpAsync(client, node, stop.Token);
        var down = PumpAsync(node, client, stop.Token);
        var first = await Task.WhenAny(up, down);
        try
        {
            // Normally the node ends first (the command exited and its Status went out): the client answers
            // the forwarded close; one that does not is cut off.
            await (first == down ? up : down).WaitAsync(CloseWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            await Task.WhenAll(up, down);
        }
    }

    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var result = await from.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                    }
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // One side went away or the relay is over: the other is closed by its own pump or on dispose.
        }
    }
}
