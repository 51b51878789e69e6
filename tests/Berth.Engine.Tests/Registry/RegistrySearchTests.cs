using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

public class RegistrySearchTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000", "app")]
    [InlineData("localhost/team/app", "localhost", "team/app")]
    [InlineData("quay.io/busy", "quay.io", "busy")]
    [InlineData("busybox", "docker.io", "busybox")]
    [InlineData("library/busybox", "docker.io", "library/busybox")]
    public void Split_RegistryPrefix_IsAskedOfThatRegistry(string term, string domain, string query) =>
        Assert.Equal((domain, query), RegistrySearch.Split(term));

    [Fact]
    public void Split_EmptyTerm_IsABadParameter() => Assert.Throws<InvalidArgumentException>(() => RegistrySearch.Split(" "));
}
