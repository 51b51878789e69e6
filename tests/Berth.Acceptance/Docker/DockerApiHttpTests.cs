using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Acceptance.Docker;

/// <summary>Bad input over the socket: Docker's status codes and {"message"} bodies, never a 500, nothing created.</summary>
public sealed class DockerApiHttpTests(DockerSocket socket) : IClassFixture<DockerSocket>, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket.SocketPath), cancellationToken);
            return new NetworkStream(unix, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://docker") };

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData("POST", "/v1.47/containers/create", "{not json", HttpStatusCode.BadRequest, "malformed JSON")]
    [InlineData("POST", "/v1.47/containers/create", "{}", HttpStatusCode.BadRequest, "Config cannot be empty")]
    [InlineData("POST", "/v1.47/containers/create", """{"Image":"localhost/busybox:test","HostConfig":{"NetworkMode":"none","Binds":["./relative:/x"]}}""", HttpStatusCode.BadRequest, "use absolute path")]
    [InlineData("POST", "/v1.47/containers/create", """{"Image":"no/such:image"}""", HttpStatusCode.NotFound, "No such image: no/such:image")]
    [InlineData("GET", "/v1.47/containers/json?filters=%7B%22colour%22%3A%5B%22red%22%5D%7D", null, HttpStatusCode.BadRequest, "invalid filter 'colour'")]
    [InlineData("GET", "/v1.47/containers/nosuch/json", null, HttpStatusCode.NotFound, "No such container: nosuch")]
    [InlineData("GET", "/v1.47/no/such/endpoint", null, HttpStatusCode.NotFound, "page not found")]
    [InlineData("GET", "/v1.99/version", null, HttpStatusCode.BadRequest, "Maximum supported API version is 1.47")]
    [InlineData("POST", "/v1.47/containers/nosuch/wait?condition=sometime", null, HttpStatusCode.NotFound, "No such container")]
    [InlineData("GET", "/v1.47/containers/nosuch/stats?stream=false", null, HttpStatusCode.NotFound, "No such container: nosuch")]
    [InlineData("GET", "/v1.47/containers/nosuch/top", null, HttpStatusCode.NotFound, "No such container: nosuch")]
    [InlineData("POST", "/v1.47/images/load?quiet=1", "no tar archive at all", HttpStatusCode.BadRequest, "Error processing tar file")]
    [InlineData("POST", "/v1.47/images/prune?filters=%7B%22colour%22%3A%5B%22red%22%5D%7D", null, HttpStatusCode.BadRequest, "invalid filter 'colour'")]
    [InlineData("GET", "/v1.47/images/get?names=nosuch:v1", null, HttpStatusCode.NotFound, "No such image: nosuch:v1")]
    [InlineData("POST", "/v1.47/images/nosuch/push?tag=v1", null, HttpStatusCode.NotFound, "An image does not exist locally with the tag: nosuch:v1")]
    [InlineData("GET", "/v1.47/images/search?term=127.0.0.1:1/x", null, HttpStatusCode.BadRequest, "cannot reach 127.0.0.1:1")]
    public async Task BadRequest_AnswersDockersStatusAndMessage(string method, string path, string? body, HttpStatusCode status, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var containers = await socket.BerthAsync("ps", "-a", "-q");

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, json["message"]!.GetValue<string>());
        Assert.Equal("", containers.Stdout);
    }

    [Fact]
    public async Task Ping_CarriesTheApiVersionHeader()
    {
        using var response = await _client.GetAsync("/_ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.Equal("1.47", response.Headers.GetValues("Api-Version").Single());
    }
}
