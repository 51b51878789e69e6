using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Berth.Agent.Streaming;
using Berth.Agent.Streaming.Spdy;

namespace Berth.Agent.Tests.Streaming;

public class SpdyConnectionTests
{
    private static readonly Dictionary<string, string> ErrorStream = new() { ["port"] = "80", ["streamtype"] = "error", ["requestid"] = "0" };

    [Fact]
    public async Task ServesStreams_DataBothWays_Pings_Resets_UntilGoAway()
    {
        var (client, server) = await ConnectedAsync();
        using var clientStream = client;
        using var serverStream = server;
        using var writer = new SpdyFrameWriter(client.GetStream());
        using var reader = new SpdyFrameReader(client.GetStream());
        using var connection = new SpdyConnection(server.GetStream());
        var opened = Channel.CreateUnbounded<SpdyStream>();
        var running = connection.RunAsync(stream =>
        {
            opened.Writer.TryWrite(stream);
            _ = stream.ReplyAsync(CancellationToken.None);
        }, CancellationToken.None);

        await writer.WriteAsync(new SpdySynStreamFrame(1, 0, false, ErrorStream), CancellationToken.None);
        var stream = await opened.Reader.ReadAsync();
        Assert.Equal("error", stream.Header("streamtype"));
        Assert.Equal(new SpdySynReplyFrame(1, false, new Dictionary<string, string>()).StreamId, ((SpdySynReplyFrame)(await reader.ReadAsync(CancellationToken.None))!).StreamId);

        await writer.WriteAsync(new SpdyDataFrame(1, true, Encoding.ASCII.GetBytes("hello")), CancellationToken.None);
        Assert.Equal("hello", await ReadAllAsync(stream));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("back"), CancellationToken.None);
        await stream.CloseWriteAsync(CancellationToken.None);
        await stream.CloseWriteAsync(CancellationToken.None);
        Assert.Equal("back", Encoding.ASCII.GetString(((SpdyDataFrame)(await reader.ReadAsync(CancellationToken.None))!).Data.Span));
        Assert.True(((SpdyDataFrame)(await reader.ReadAsync(CancellationToken.None))!).Fin);

        await writer.WriteAsync(new SpdyPingFrame(1), CancellationToken.None);
        Assert.Equal(new SpdyPingFrame(1), await reader.ReadAsync(CancellationToken.None));

        // A stream id that does not rise is a protocol error on that stream.
        await writer.WriteAsync(new SpdySynStreamFrame(1, 0, false, ErrorStream), CancellationToken.None);
        Assert.Equal(new SpdyRstStreamFrame(1, SpdyRstStreamFrame.ProtocolError), await reader.ReadAsync(CancellationToken.None));

        await writer.WriteAsync(new SpdySynStreamFrame(3, 0, false, ErrorStream), CancellationToken.None);
        var reset = await opened.Reader.ReadAsync();
        Assert.IsType<SpdySynReplyFrame>(await reader.ReadAsync(CancellationToken.None));
        await writer.WriteAsync(new SpdyRstStreamFrame(3, SpdyRstStreamFrame.Cancel), CancellationToken.None);
        await Task.Delay(Timeout.Infinite, reset.Aborted).ContinueWith(_ => { }, TaskScheduler.Default);
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await reset.Input.ReadAsync());

        await writer.WriteAsync(new SpdyGoAwayFrame(3, SpdyGoAwayFrame.Ok), CancellationToken.None);
        await running;
    }

    [Fact]
    public async Task EndOfTheConnection_AbortsItsOpenStreams()
    {
        var (client, server) = await ConnectedAsync();
        using var serverStream = server;
        using var connection = new SpdyConnection(server.GetStream());
        var opened = Channel.CreateUnbounded<SpdyStream>();
        var running = connection.RunAsync(stream => opened.Writer.TryWrite(stream), CancellationToken.None);
        using (client)
        {
            using var writer = new SpdyFrameWriter(client.GetStream());
            await writer.WriteAsync(new SpdySynStreamFrame(1, 0, false, ErrorStream), CancellationToken.None);
        }
        var stream = await opened.Reader.ReadAsync();

        await running;
        Assert.True(stream.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task RunsOverWebSocketBinaryMessages_AsKubectlTunnelsIt()
    {
        var (client, server) = await ConnectedAsync();
        using var clientTcp = client;
        using var serverTcp = server;
        using var clientSocket = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        using var serverSocket = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
        await using var clientStream = WebSocketStream.Create(clientSocket, WebSocketMessageType.Binary);
        await using var serverStream = WebSocketStream.Create(serverSocket, WebSocketMessageType.Binary);
        using var writer = new SpdyFrameWriter(clientStream);
        using var reader = new SpdyFrameReader(clientStream);
        using var connection = new SpdyConnection(serverStream);
        var running = connection.RunAsync(stream => _ = stream.ReplyAsync(CancellationToken.None), CancellationToken.None);

        await writer.WriteAsync(new SpdySynStreamFrame(1, 0, false, ErrorStream), CancellationToken.None);
        Assert.Equal(1u, ((SpdySynReplyFrame)(await reader.ReadAsync(CancellationToken.None))!).StreamId);
        await writer.WriteAsync(new SpdyPingFrame(3), CancellationToken.None);
        Assert.Equal(new SpdyPingFrame(3), await reader.ReadAsync(CancellationToken.None));

        await clientSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await running;
    }

    [Theory]
    [InlineData("", "error", "\"port\" header is required")]
    [InlineData("http", "error", "unable to parse \"http\" as a port")]
    [InlineData("0", "data", "unable to parse \"0\" as a port")]
    [InlineData("70000", "data", "unable to parse \"70000\" as a port")]
    [InlineData("80", "", "\"streamType\" header is required")]
    [InlineData("80", "stdin", "invalid stream type \"stdin\"")]
    [InlineData("80", "data", null)]
    [InlineData("65535", "error", null)]
    public void PortForward_ChecksEachStreamsHeaders_AsKubelet(string port, string type, string? refusal)
    {
        var headers = new Dictionary<string, string>();
        if (port.Length > 0)
        {
            headers["port"] = port;
        }
        if (type.Length > 0)
        {
            headers["streamtype"] = type;
        }
        Assert.Equal(refusal, PortForwardHandler.Refusal(new SpdyStream(null!, 1, headers)));
    }

    private static async Task<string> ReadAllAsync(SpdyStream stream)
    {
        var text = new StringBuilder();
        while (true)
        {
            var result = await stream.Input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                text.Append(Encoding.ASCII.GetString(segment.Span));
            }
            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }

    private static async Task<(TcpClient Client, TcpClient Server)> ConnectedAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return (client, await accepting);
    }
}
