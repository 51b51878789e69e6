using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Authentication;

public sealed class StaticTokenAuthenticatorTests
{
    [Fact]
    public void Authenticate_KnownTokens_FirstUserGivenTheTokenKeepsIt()
    {
        var authenticator = new StaticTokenAuthenticator(
        [
            new("admin-token", UserInfo.Authenticated("system:admin", "", ["system:masters"])),
            new("file-token", UserInfo.Authenticated("alice", "u1", [])),
            new("admin-token", UserInfo.Authenticated("mallory", "", [])),
        ]);

        Assert.Equal("system:admin", authenticator.Authenticate("admin-token")?.Name);
        Assert.Equal("alice", authenticator.Authenticate("file-token")?.Name);
    }

    [Theory]
    [InlineData("admin-toke")]
    [InlineData("admin-token ")]
    [InlineData("ADMIN-TOKEN")]
    [InlineData("")]
    public void Authenticate_AnyOtherToken_Null(string presented)
    {
        var authenticator = new StaticTokenAuthenticator([new("admin-token", UserInfo.Authenticated("system:admin", "", []))]);

        Assert.Null(authenticator.Authenticate(presented));
    }
}
