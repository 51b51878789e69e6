using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void ParseParameters_QuotedScopeWithCommas_KeepsItWhole()
    {
        var parameters = AuthChallenge.ParseParameters("realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");

        Assert.Equal("https://auth.example/token", parameters["realm"]);
        Assert.Equal("registry.example", parameters["service"]);
        Assert.Equal("repository:a/b:pull,push", parameters["scope"]);
    }

    [Fact]
    public void ParseParameters_UnquotedValuesAndSpaces_AreTrimmed()
    {
        var parameters = AuthChallenge.ParseParameters("realm=basic-realm , charset=UTF-8");

        Assert.Equal("basic-realm", parameters["realm"]);
        Assert.Equal("UTF-8", parameters["charset"]);
    }

    [Fact]
    public void ParseParameters_EscapedQuote_IsUnescaped()
    {
        Assert.Equal("a\"b", AuthChallenge.ParseParameters("realm=\"a\\\"b\"")["realm"]);
    }
}
