using Berth.Engine.Containers.Files;

namespace Berth.Engine.Tests.Containers.Files;

public class CopyEndpointTests
{
    [Theory]
    [InlineData("web:/etc/hosts", "web", "/etc/hosts")]
    [InlineData("web:", "web", "/")]
    [InlineData("/tmp/a:b", null, "/tmp/a:b")]
    [InlineData("./web:x", null, "./web:x")]
    [InlineData("dir/web:x", null, "dir/web:x")]
    [InlineData("plain", null, "plain")]
    [InlineData("-", null, "-")]
    public void Parse_PodmansRules_SplitContainerAndPath(string text, string? container, string path)
    {
        var endpoint = CopyEndpoint.Parse(text);

        Assert.Equal(container, endpoint.Container);
        Assert.Equal(path, endpoint.Path);
    }

    [Fact]
    public void Parse_EmptyContainerName_IsRefused()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => CopyEndpoint.Parse(":/etc"));

        Assert.Equal("name or ID cannot be empty", error.Message);
    }

    [Fact]
    public void Parse_Dash_IsAStream() => Assert.True(CopyEndpoint.Parse("-").IsStream);
}
