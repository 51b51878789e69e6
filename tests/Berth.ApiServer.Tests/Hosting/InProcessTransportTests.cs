using System.Net;
using Berth.ApiServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Tests.Hosting;

/// <summary>The in-process transport under a real Kestrel and a real HttpClient, as berth server's components use it.</summary>
public sealed class InProcessTransportTests : IAsyncDisposable
{
    private readonly InProcessTransport _transport = new();
    private readonly TaskCompletionSource _streamAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;

    public InProcessTransportTests()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IConnectionListenerFactory>(_transport);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(_transport.EndPoint, listen => listen.Protocols = HttpProtocols.Http1));
        // Past this, a stopping Kestrel aborts the connections still open.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.MapPost("/echo", async context =>
        {
            using var body = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync($"{context.Connection.Id}: {await body.ReadToEndAsync()}");
        });
        // As a watch: a line now, then nothing until the client goes away.
        _app.MapGet("/stream", async context =>
        {
            await context.Response.WriteAsync("first\n");
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _streamAborted.TrySetResult();
            }
        });
        _app.MapGet("/abort", context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        _app.MapGet("/large", context => context.Response.Body.WriteAsync(Large).AsTask());
    }

    private static byte[] Large { get; } = [.. Enumerable.Range(0, 3_000_000).Select(i => (byte)(i % 251))];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Requests_OnePooledConnection_AnsweredInOrder()
    {
        await _app.StartAsync();
        using var client = Client();

        var first = await PostAsync(client, "one");
        var second = await PostAsync(client, "two");

        Assert.EndsWith(": one", first);
        Assert.EndsWith(": two", second);
        // Kept alive and reused, as a socket connection would be.
        Assert.Equal(first.Split(':')[0], second.Split(':')[0]);
    }

    [Fact]
    public async Task Response_LargerThanThePipesBuffers_ArrivesWhole()
    {
        await _app.StartAsync();
        using var client = Client();

        Assert.Equal(Large, await client.GetByteArrayAsync("/large"));
    }

    [Fact]
    public async Task StreamingResponse_ClientDisposesIt_ServerSeesTheRequestAborted()
    {
        await _app.StartAsync();
        using var client = Client();
        var response = await client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("first", await reader.ReadLineAsync());

        response.Dispose();

        await _streamAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ServerStops_WhileAClientHoldsAStream_AbortsItAndStops()
    {
        await _app.StartAsync();
        using var client = Client();
        using var response = await client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first", await new StreamReader(body).ReadLineAsync());

        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await _streamAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var rest = new byte[64];
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            // The stream ends (chunked framing cut short) or fails: either way the client learns the server is gone.
            while (await body.ReadAsync(rest) > 0)
            {
            }
            throw new IOException("ended");
        });
    }

    [Fact]
    public async Task Handler_AbortsTheConnection_ClientGetsAnErrorAndTheNextRequestANewConnection()
    {
        await _app.StartAsync();
        using var client = Client();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/abort"));

        Assert.EndsWith(": after", await PostAsync(client, "after"));
    }

    [Fact]
    public async Task Connect_ServerStopped_IsAnIOException()
    {
        await _app.StartAsync();
        await _app.StopAsync();

        await Assert.ThrowsAsync<IOException>(async () => await _transport.ConnectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Connect_NeverBound_IsAnIOException()
    {
        await Assert.ThrowsAsync<IOException>(async () => await new InProcessTransport().ConnectAsync(CancellationToken.None));
    }

    private HttpClient Client() => new(new SocketsHttpHandler { ConnectCallback = (_, token) => _transport.ConnectAsync(token) })
    {
        BaseAddress = new Uri("http://localhost"),
    };

    private static async Task<string> PostAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/echo", new StringContent(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
