using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Berth.Engine.Runtime;

namespace Berth.Agent.Streaming;

/// <summary>
/// Kubernetes' channel protocol over one WebSocket (v4.channel.k8s.io and v5.channel.k8s.io, what
/// kubectl 1.32 offers first): every binary message starts with its channel, 0 stdin from the client,
/// 1 stdout and 2 stderr to it, 3 the final Status, 4 terminal resizes, and in v5 255 for "the client
/// closed stdin". Sends are serialised: stdout and stderr are written from two pumps at once.
/// </summary>
public sealed class ChannelWebSocket(WebSocket socket, bool v5)
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Error = 3;
    public const byte Resize = 4;
    public const byte Close = 255;

    private readonly SemaphoreSlim _send = new(1, 1);

    /// <summary>A write-only stream whose writes go out as messages on <paramref name="channel"/>.</summary>
    public Stream Output(byte channel) => new ChannelOutputStream(this, channel);

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsMemory(1));
        await _send.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>
    /// Reads the client's messages until it closes or <paramref name="cancellationToken"/> fires: stdin
    /// bytes into <paramref name="stdin"/> (completed on the v5 close signal or the end of the socket),
    /// terminal sizes (<c>{"Width":W,"Height":H}</c>) into <paramref name="resizes"/> when there is a
    /// terminal, anything else dropped.
    /// </summary>
    public async Task ReadAsync(PipeWriter? stdin, ChannelWriter<TerminalSize>? resizes, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var bytes = message.GetBuffer().AsMemory(0, (int)message.Length);
                message.SetLength(0);
                if (bytes.Length == 0)
                {
                    continue;
                }
                switch (bytes.Span[0])
                {
                    case Stdin when stdin is not null:
                        await stdin.WriteAsync(bytes[1..], cancellationToken);
                        break;
                    case Close when v5 && bytes.Length > 1 && bytes.Span[1] == Stdin && stdin is not null:
                        await stdin.CompleteAsync();
                        stdin = null;
                        break;
                    case Resize when resizes is not null && ParseSize(bytes[1..].Span) is { } size:
                        resizes.TryWrite(size);
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The command ended (cancelled) or the client went away.
        }
        finally
        {
            if (stdin is not null)
            {
                await stdin.CompleteAsync();
            }
            resizes?.TryComplete();
        }
    }

    /// <summary>A resize message's size; null for one that is not kube's TerminalSize JSON.</summary>
    public static TerminalSize? ParseSize(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            return root.TryGetProperty("Width", out var width) && root.TryGetProperty("Height", out var height)
                && width.TryGetUInt16(out var columns) && height.TryGetUInt16(out var rows)
                ? new TerminalSize(rows, columns)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends the final Status on the error channel and closes the socket normally.</summary>
    public async Task FinishAsync(JsonObject status, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(Error, Encoding.UTF8.GetBytes(status.ToJsonString()), cancellationToken);
            await _send.WaitAsync(cancellationToken);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            finally
            {
                _send.Release();
            }
        }
        catch (WebSocketException)
        {
            // The client is gone: nobody is left to tell.
        }
    }

    public static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    /// <summary>kubelet's Status for a command that exited with <paramref name="exitCode"/>: kubectl exits with the same code.</summary>
    public static JsonObject NonZeroExit(IReadOnlyList<string> command, int exitCode) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {exitCode}",
        ["reason"] = "NonZeroExitCode",
        ["details"] = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        },
    };
}
