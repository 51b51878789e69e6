using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;

namespace Berth.ApiServer.Tests.Rest;

public class RequestTargetTests
{
    private static readonly ResourceRegistry Registry = new(BuiltInResources.Create());

    private static RequestTarget Parse(string path)
    {
        var (group, version, segments) = RequestTarget.SplitGroupVersion(path)!.Value;
        return RequestTarget.Parse(Registry, group, version, segments, path);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/ns1/pods/p1/status", "pods", "ns1", "p1", "status")]
    [InlineData("/api/v1/namespaces/ns1", "namespaces", null, "ns1", null)]
    [InlineData("/api/v1/namespaces/ns1/finalize", "namespaces", null, "ns1", "finalize")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments", "deployments", "default", null, null)]
    [InlineData("/apis/apps/v1/deployments", "deployments", null, null, null)]
    [InlineData("/api/v1/nodes/n1", "nodes", null, "n1", null)]
    public void Parse_KnownPath_NamesTheTarget(string path, string resource, string? ns, string? name, string? subresource)
    {
        var target = Parse(path);

        Assert.Equal(resource, target.Resource.Name);
        Assert.Equal(ns, target.Namespace);
        Assert.Equal(name, target.Name);
        Assert.Equal(subresource, target.Subresource);
    }

    [Fact]
    public void Parse_LegacyWatchPrefix_IsAWatch()
    {
        var target = Parse("/api/v1/watch/namespaces/default/pods");

        Assert.True(target.LegacyWatch);
        Assert.Equal("pods", target.Resource.Name);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/ns1/services/web:http/proxy", "web:http", "/")]
    [InlineData("/api/v1/namespaces/ns1/services/https:web:443/proxy/", "https:web:443", "/")]
    [InlineData("/api/v1/namespaces/ns1/pods/p1:8080/proxy/a/b.html", "p1:8080", "/a/b.html")]
    [InlineData("/api/v1/namespaces/ns1/pods/p1/proxy/dir/", "p1", "/dir/")]
    public void Parse_Proxy_TakesTheRestOfThePathAsTheProxiedOne(string path, string name, string proxied)
    {
        var target = Parse(path);

        Assert.Equal(name, target.Name);
        Assert.Equal("proxy", target.Subresource);
        Assert.Equal(proxied, target.ProxyPath);
    }

    [Theory]
    [InlineData("/api/v1/frobs")]
    [InlineData("/api/v1/namespaces/ns1/nodes")]
    [InlineData("/api/v1/namespaces/ns1/pods/p1/status/extra")]
    [InlineData("/apis/apps/v1/namespaces//deployments")]
    public void Parse_UnknownPath_IsNotFound(string path)
    {
        var error = Assert.Throws<ApiException>(() => Parse(path));

        Assert.Equal(404, error.Code);
    }
}
