using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Authentication;

public sealed class ServiceAccountTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-sa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceAccountIssuer Issuer(string name = "service.key") =>
        new(ServiceAccountIssuer.DefaultUrl, ServiceAccountKey.LoadOrCreate(Path.Combine(_dir, name)));

    private static ServiceAccountClaims Claims(BoundObject? bound = null) => new(
        "dev", "app", "uid-1", [ServiceAccountIssuer.DefaultUrl],
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), "jti-1", bound);

    [Fact]
    public void SignThenRead_RoundTripsKubesClaims()
    {
        var issuer = Issuer();
        var claims = Claims(new BoundObject("Pod", "p", "pod-uid"));

        var token = issuer.Sign(claims);

        var read = issuer.Read(token)!;
        Assert.Equal(claims.Audiences, read.Audiences);
        Assert.Equal(claims, read with { Audiences = claims.Audiences });
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(token.Split('.')[1])))!;
        Assert.Equal("system:serviceaccount:dev:app", payload["sub"]!.GetValue<string>());
        Assert.Equal("pod-uid", payload["kubernetes.io"]!["pod"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public void Read_AnotherKeysSignature_IsRejected()
    {
        var token = Issuer("other.key").Sign(Claims());

        Assert.Null(Issuer().Read(token));
    }

    [Fact]
    public void Read_AnotherIssuer_IsRejected()
    {
        var key = ServiceAccountKey.LoadOrCreate(Path.Combine(_dir, "service.key"));
        var token = new ServiceAccountIssuer("https://elsewhere", key).Sign(Claims());

        Assert.Null(new ServiceAccountIssuer(ServiceAccountIssuer.DefaultUrl, key).Read(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c")]
    [InlineData("!!.??.**")]
    public void Read_Garbage_IsRejected(string token) => Assert.Null(Issuer().Read(token));

    [Fact]
    public void LoadOrCreate_KeepsTheKeyAcrossRestarts()
    {
        var first = ServiceAccountKey.LoadOrCreate(Path.Combine(_dir, "service.key"));
        var again = ServiceAccountKey.LoadOrCreate(Path.Combine(_dir, "service.key"));

        Assert.Equal(first.KeyId, again.KeyId);
        Assert.Equal(first.KeyId, Issuer().Key.Jwks()["keys"]![0]!["kid"]!.GetValue<string>());
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
