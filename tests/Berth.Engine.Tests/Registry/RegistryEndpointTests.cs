using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

public sealed class RegistryEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("127.3.2.1", "http://127.3.2.1/")]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("registry.example:5000", "https://registry.example:5000/")]
    [InlineData("10.0.0.1:5000", "https://10.0.0.1:5000/")]
    [InlineData("docker.io", "https://registry-1.docker.io/")]
    public void For_Domain_PlainHttpOnlyOnLoopback(string domain, string expected)
    {
        Assert.Equal(expected, RegistryEndpoint.For(domain).BaseUri.ToString());
    }
}
