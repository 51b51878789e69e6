using System.Text;
using Berth.DockerApi.Http;

namespace Berth.DockerApi.Tests.Http;

public class HttpParsingTests
{
    private static ConnectionReader Reader(string wire) => new(new MemoryStream(Encoding.Latin1.GetBytes(wire)));

    [Fact]
    public async Task ReadHead_RequestLineAndHeaders_SplitsPathQueryAndFoldsRepeats()
    {
        var reader = Reader("POST /v1.47/containers/create?name=web HTTP/1.1\r\nHost: docker\r\nX-A: 1\r\nx-a: 2\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");

        var head = await RequestHeadReader.ReadAsync(reader, CancellationToken.None);

        Assert.NotNull(head);
        Assert.Equal(("POST", "/v1.47/containers/create", "name=web"), (head.Method, head.Path, head.Query));
        Assert.Equal("1, 2", head.Header("X-A"));
        Assert.True(head.WantsUpgrade);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET /x SPDY/3\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nno colon here\r\n\r\n")]
    public async Task ReadHead_Malformed_Throws(string wire)
    {
        await Assert.ThrowsAsync<BadHttpRequestException>(() => RequestHeadReader.ReadAsync(Reader(wire), CancellationToken.None));
    }

    [Fact]
    public async Task ReadHead_ClosedBetweenRequests_ReturnsNull()
    {
        Assert.Null(await RequestHeadReader.ReadAsync(Reader(""), CancellationToken.None));
    }

    [Fact]
    public async Task Body_Chunked_IsDecodedAndTheNextRequestFollows()
    {
        var reader = Reader("POST /build HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\nGET /_ping HTTP/1.1\r\n\r\n");
        var head = await RequestHeadReader.ReadAsync(reader, CancellationToken.None);

        var body = new RequestBodyStream(reader, head!);
        var text = await new StreamReader(body).ReadToEndAsync();
        var next = await RequestHeadReader.ReadAsync(reader, CancellationToken.None);

        Assert.Equal("hello world", text);
        Assert.Equal("/_ping", next!.Path);
    }

    [Fact]
    public async Task Body_ContentLength_StopsAtTheLengthAndDrainSkipsTheRest()
    {
        var reader = Reader("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789GET /y HTTP/1.1\r\n\r\n");
        var head = await RequestHeadReader.ReadAsync(reader, CancellationToken.None);
        var body = new RequestBodyStream(reader, head!);

        var first = new byte[4];
        await body.ReadExactlyAsync(first);
        await body.DrainAsync(CancellationToken.None);
        var next = await RequestHeadReader.ReadAsync(reader, CancellationToken.None);

        Assert.Equal("0123", Encoding.ASCII.GetString(first));
        Assert.Equal("/y", next!.Path);
    }
}
