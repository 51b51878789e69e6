using System.Net;
using System.Security.Cryptography.X509Certificates;
using Berth.ApiServer.Security;
using Berth.ApiServer.Tests.Auditing;

namespace Berth.ApiServer.Tests.Security;

/// <summary>Leaf certificates come due 90 days before they expire and are reissued by the same CA: at start and, for serving, while running.</summary>
public sealed class CertificateAuthorityTests : IDisposable
{
    private static readonly string[] Names = ["localhost", "berth.example"];
    private static readonly IPAddress[] Addresses = [IPAddress.Loopback];
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-tls-test-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Serving_WhileRunning_IsRenewedByTheSameCa_OnceWithin90DaysOfExpiry()
    {
        var authority = CertificateAuthority.LoadOrCreate(_dir, Names, Addresses, _clock);
        var first = authority.Serving;

        _clock.Advance(TimeSpan.FromDays(274));
        Assert.Same(first, authority.Serving);
        _clock.Advance(TimeSpan.FromDays(2));
        var renewed = authority.Serving;

        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.Equal(authority.Ca.Subject, renewed.Issuer);
        Assert.True(renewed.NotAfter > _clock.GetUtcNow().AddDays(364).UtcDateTime);
        Assert.All(["localhost", "berth.example", "127.0.0.1"], name => Assert.True(renewed.MatchesHostname(name)));
        Assert.Same(renewed, authority.Serving);
        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir, "serving.crt"));
        Assert.Equal(renewed.Thumbprint, onDisk.Thumbprint);
    }

    [Fact]
    public void LoadOrCreate_AfterADueDate_ReissuesServingAndClients_KeepingTheCa()
    {
        var before = CertificateAuthority.LoadOrCreate(_dir, Names, Addresses, _clock);
        var client = before.LoadOrCreateClient("admin", "system:admin", ["system:masters"]);
        var ca = File.ReadAllText(Path.Combine(_dir, "ca.crt"));

        _clock.Advance(TimeSpan.FromDays(300));
        var after = CertificateAuthority.LoadOrCreate(_dir, Names, Addresses, _clock);
        var renewedClient = after.LoadOrCreateClient("admin", "system:admin", ["system:masters"]);

        Assert.Equal(ca, File.ReadAllText(Path.Combine(_dir, "ca.crt")));
        Assert.NotEqual(before.Serving.Thumbprint, after.Serving.Thumbprint);
        Assert.NotEqual(client.CertificatePem, renewedClient.CertificatePem);
        using var renewed = X509Certificate2.CreateFromPem(renewedClient.CertificatePem);
        Assert.Equal("system:admin", renewed.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(after.Ca.Subject, renewed.Issuer);
    }

    [Fact]
    public void LoadOrCreate_BeforeTheDueDate_KeepsEveryCertificate()
    {
        var before = CertificateAuthority.LoadOrCreate(_dir, Names, Addresses, _clock);
        var client = before.LoadOrCreateClient("admin", "system:admin", ["system:masters"]);

        _clock.Advance(TimeSpan.FromDays(200));
        var after = CertificateAuthority.LoadOrCreate(_dir, Names, Addresses, _clock);

        Assert.Equal(before.Serving.Thumbprint, after.Serving.Thumbprint);
        Assert.Equal(client.CertificatePem, after.LoadOrCreateClient("admin", "system:admin", ["system:masters"]).CertificatePem);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
