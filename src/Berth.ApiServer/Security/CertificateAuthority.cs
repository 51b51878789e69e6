using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.ApiServer.Security;

/// <summary>
/// The cluster CA and the server's serving certificate: made on first start under
/// <c>DATA/server/tls/</c> as PEM files, and reused afterwards (ECDSA P-256).
/// </summary>
public sealed class CertificateAuthority
{
    private const string CaCertFile = "ca.crt";
    private const string CaKeyFile = "ca.key";
    private const string ServingCertFile = "serving.crt";
    private const string ServingKeyFile = "serving.key";

    private readonly string _tlsDir;

    private CertificateAuthority(string tlsDir, X509Certificate2 ca, X509Certificate2 serving)
    {
        _tlsDir = tlsDir;
        Ca = ca;
        Serving = serving;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Serving { get; }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>Loads the CA and serving certificate from <paramref name="tlsDir"/>, making whichever is missing.</summary>
    public static CertificateAuthority LoadOrCreate(string tlsDir, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses)
    {
        Directory.CreateDirectory(tlsDir);
        var ca = LoadOrCreateCa(tlsDir);
        var serving = LoadServing(tlsDir, dnsNames, addresses) ?? CreateServing(tlsDir, ca, dnsNames, addresses);
        return new CertificateAuthority(tlsDir, ca, serving);
    }

    /// <summary>
    /// A client certificate for <paramref name="user"/> in <paramref name="groups"/> (CN and O, as
    /// kube's x509 authenticator reads them), kept as <c>client-NAME.crt/.key</c> beside the CA
    /// (k3s' names) and renewed when it expires within 30 days or the CA changed.
    /// </summary>
    public (string CertificatePem, string KeyPem) LoadOrCreateClient(string fileName, string user, IReadOnlyList<string> groups)
    {
        var certPath = Path.Combine(_tlsDir, $"client-{fileName}.crt");
        var keyPath = Path.Combine(_tlsDir, $"client-{fileName}.key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            using var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (existing.Issuer == Ca.Subject && existing.NotAfter > DateTime.Now.AddDays(30))
            {
                return (File.ReadAllText(certPath), File.ReadAllText(keyPath));
            }
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }
        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1), Serial());
        using var client = signed.CopyWithPrivateKey(key);
        WritePem(certPath, keyPath, client, key);
        return (File.ReadAllText(certPath), File.ReadAllText(keyPath));
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return serial;
    }

    private static X509Certificate2 LoadOrCreateCa(string tlsDir)
    {
        var certPath = Path.Combine(tlsDir, CaCertFile);
        var keyPath = Path.Combine(tlsDir, CaKeyFile);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=berth-ca@{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WritePem(certPath, keyPath, ca, key);
        return ca;
    }

    private static X509Certificate2? LoadServing(string tlsDir, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses)
    {
        var certPath = Path.Combine(tlsDir, ServingCertFile);
        var keyPath = Path.Combine(tlsDir, ServingKeyFile);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }
        var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        var covers = dnsNames.All(n => cert.MatchesHostname(n)) && addresses.All(a => cert.MatchesHostname(a.ToString()));
        return covers && cert.NotAfter > DateTime.Now.AddDays(30) ? cert : null;
    }

    private static X509Certificate2 CreateServing(string tlsDir, X509Certificate2 ca, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-server", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddYears(1), Serial());
        var serving = signed.CopyWithPrivateKey(key);
        WritePem(Path.Combine(tlsDir, ServingCertFile), Path.Combine(tlsDir, ServingKeyFile), serving, key);
        return serving;
    }

    private static void WritePem(string certPath, string keyPath, X509Certificate2 cert, ECDsa key)
    {
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem());
    }
}
