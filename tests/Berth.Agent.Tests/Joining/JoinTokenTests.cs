using Berth.Agent.Joining;

namespace Berth.Agent.Tests.Joining;

public class JoinTokenTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_K10Token_KeepsTheCaHashAndSecret()
    {
        var token = JoinToken.Parse($"K10{Hash}::server:s3cret\n");

        Assert.Equal(Hash, token.CaHash);
        Assert.Equal("s3cret", token.Secret);
        Assert.Equal($"K10{Hash}::server:s3cret", token.Raw);
    }

    [Fact]
    public void Parse_BareSecret_HasNoHash()
    {
        var token = JoinToken.Parse("just-a-secret");

        Assert.Null(token.CaHash);
        Assert.Equal("just-a-secret", token.Secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K10abc::server:x")]
    [InlineData("K10" + Hash + "::server:")]
    [InlineData("K10" + Hash + "::nocolon")]
    public void Parse_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => JoinToken.Parse(text));
}
