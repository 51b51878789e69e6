using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;

namespace Berth.DockerApi.Tests.Routing;

public class RouteTableTests
{
    private static readonly RequestHandler Nothing = (_, _, _) => Task.CompletedTask;

    [Theory]
    [InlineData("GET", "/images/localhost/app:1/json", "name", "localhost/app:1")]
    [InlineData("POST", "/containers/abc/start", "id", "abc")]
    [InlineData("POST", "/containers/abc/start/", "id", "abc")]
    [InlineData("DELETE", "/images/registry:5000/a/b:2", "name", "registry:5000/a/b:2")]
    public void Match_Placeholders_CaptureSegmentsAndGreedyNames(string method, string path, string key, string value)
    {
        var routes = new RouteTable()
            .Map("GET", "/images/{name*}/json", Nothing)
            .Map("DELETE", "/images/{name*}", Nothing)
            .Map("POST", "/containers/{id}/start", Nothing);

        var match = routes.Match(method, path);

        Assert.NotNull(match);
        Assert.Equal(value, match.Value.Values[key]);
    }

    [Theory]
    [InlineData("GET", "/containers/abc/start")]
    [InlineData("POST", "/containers/a/b/start")]
    [InlineData("POST", "/containers/abc/stop")]
    public void Match_WrongMethodOrShape_FindsNothing(string method, string path)
    {
        var routes = new RouteTable().Map("POST", "/containers/{id}/start", Nothing);

        Assert.Null(routes.Match(method, path));
    }

    [Fact]
    public void Match_Head_IsAnsweredByTheGetRoute()
    {
        var routes = new RouteTable().Map("GET", "/_ping", Nothing);

        Assert.NotNull(routes.Match("HEAD", "/_ping"));
    }
}
