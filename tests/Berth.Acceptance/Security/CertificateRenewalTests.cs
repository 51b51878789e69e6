using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// A server started on a data directory whose CA is kept but whose serving and admin client
/// certificates expire in 10 days (inside k3s' 90-day renewal window) reissues both from the same CA:
/// kubectl verifies the new serving certificate with the old ca.crt and signs in with the new client one.
/// </summary>
public sealed class CertificateRenewalTests
{
    [Fact]
    public async Task NearExpiry_ServingAndClientCertificates_AreRenewedByTheKeptCa()
    {
        await using var server = new ApiServerProcess();
        var tls = Directory.CreateDirectory(Path.Combine(server.DataDir, "server", "tls")).FullName;
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=berth-ca@renewal-test", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-355), now.AddYears(9));
        Write(tls, "ca", ca, caKey);
        var oldServing = Leaf(tls, "serving", "CN=berth-server", ca, now, "1.3.6.1.5.5.7.3.1", san: true);
        var oldClient = Leaf(tls, "client-admin", "CN=system:admin, O=system:masters", ca, now, "1.3.6.1.5.5.7.3.2", san: false);
        var caPem = await File.ReadAllTextAsync(Path.Combine(tls, "ca.crt"));

        await server.StartAsync();

        var version = await new Kubectl(server).RunAsync("get", "--raw", "/version");
        Assert.True(version.ExitCode == 0, version.Stderr);
        Assert.Equal(caPem, await File.ReadAllTextAsync(Path.Combine(tls, "ca.crt")));
        using var serving = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls, "serving.crt"));
        using var client = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls, "client-admin.crt"));
        foreach (var (renewed, old) in new[] { (serving, oldServing), (client, oldClient) })
        {
            Assert.NotEqual(old, renewed.Thumbprint);
            Assert.Equal(ca.Subject, renewed.Issuer);
            Assert.True(renewed.NotAfter > now.AddDays(300).UtcDateTime, $"{renewed.Subject} expires {renewed.NotAfter:O}");
        }
        Assert.Equal(serving.Thumbprint, await ServedThumbprintAsync(server));
    }

    /// <summary>A leaf certificate signed by <paramref name="ca"/> that expires in 10 days; its thumbprint.</summary>
    private static string Leaf(string tls, string name, string subject, X509Certificate2 ca, DateTimeOffset now, string usage, bool san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (san)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(ca, now.AddDays(-355), now.AddDays(10), serial);
        Write(tls, name, signed, key);
        return signed.Thumbprint;
    }

    private static void Write(string tls, string name, X509Certificate2 certificate, ECDsa key)
    {
        File.WriteAllText(Path.Combine(tls, $"{name}.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(tls, $"{name}.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<string> ServedThumbprintAsync(ApiServerProcess server)
    {
        string? thumbprint = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                thumbprint = certificate!.Thumbprint;
                return true;
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = server.Address };
        using var _ = await http.GetAsync("/version");
        return thumbprint!;
    }
}
