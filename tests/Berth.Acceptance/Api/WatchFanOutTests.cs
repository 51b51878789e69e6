using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Berth.Acceptance.Api;

/// <summary>
/// Many concurrent watches of one quiet namespace against the real server: each is established
/// (response headers) before any event exists, and one create reaches every watcher, over HTTP/1.1
/// (one connection per watch) and over HTTP/2 (every watch and the create on one connection).
/// </summary>
public sealed class WatchFanOutTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private const int Watchers = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task HundredWatchers_OnQuietNamespace_AllEstablishedAndAllReceiveTheCreate(string httpVersion)
    {
        using var http = Client(fixture.Server, Version.Parse(httpVersion));
        var ns = $"fan-{Guid.NewGuid():N}"[..12];
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        using var stop = new CancellationTokenSource(Patience);

        var responses = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(_ =>
            http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&fieldSelector=metadata.name%3Dping", HttpCompletionOption.ResponseHeadersRead, stop.Token)));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.All(responses, r => Assert.Equal(http.DefaultRequestVersion, r.Version));
            var received = responses.Select(r => FirstEventAsync(r, stop.Token)).ToList();

            await SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"ping"},"data":{"k":"v"}}""");

            var events = await Task.WhenAll(received);
            Assert.All(events, e =>
            {
                Assert.StartsWith("{\"type\":\"ADDED\"", e);
                Assert.Contains("\"name\":\"ping\"", e);
            });
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    private static async Task<string> FirstEventAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        return await reader.ReadLineAsync(cancellationToken) ?? "(the watch ended without an event)";
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static HttpClient Client(ApiServerProcess server, Version version)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            MaxConnectionsPerServer = Watchers + 1,
            EnableMultipleHttp2Connections = false,
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = server.Address,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Patience,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        return http;
    }
}
