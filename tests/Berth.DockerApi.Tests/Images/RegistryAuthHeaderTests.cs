using System.Text;
using Berth.DockerApi.Images;
using Berth.Engine.Registry;

namespace Berth.DockerApi.Tests.Images;

public class RegistryAuthHeaderTests
{
    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');

    [Fact]
    public void Parse_UserAndPassword_AreTheCredentials() =>
        Assert.Equal(new RegistryCredentials("alice", "s3cret"), RegistryAuthHeader.Parse(Encode("""{"username":"alice","password":"s3cret","serveraddress":"127.0.0.1:5000"}""")));

    [Fact]
    public void Parse_AuthField_IsDecodedAsBasicAuth() =>
        Assert.Equal(new RegistryCredentials("bob", "pw"), RegistryAuthHeader.Parse(Encode($$"""{"auth":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pw"))}}"}""")));

    [Fact]
    public void Parse_UnpaddedBase64Url_IsRead() =>
        Assert.Equal("carol", RegistryAuthHeader.Parse(Encode("""{"username":"carol","password":"x?>"}""").TrimEnd('='))!.Username);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("e30=")]
    [InlineData("e30")]
    public void Parse_NothingOrEmptyObject_IsNoCredentials(string? header) => Assert.Null(RegistryAuthHeader.Parse(header));

    [Theory]
    [InlineData("!!!not base64")]
    [InlineData("bm90IGpzb24=")]
    public void Parse_Undecodable_IsABadParameter(string header)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => RegistryAuthHeader.Parse(header));
        Assert.StartsWith("invalid X-Registry-Auth header", error.Message);
    }
}
