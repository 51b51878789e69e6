using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.ApiServer.Security;

/// <summary>
/// The cluster CA and the server's serving certificate: made on first start under
/// <c>DATA/server/tls/</c> as PEM files, and reused afterwards (ECDSA P-256). Leaf certificates
/// live a year and are renewed, with the same CA, once they expire within <see cref="RenewBefore"/>
/// (k3s' 90 days) or were issued by another CA: at start, and for the serving certificate also while
/// the server runs (the TLS handshake asks for <see cref="Serving"/>, which renews in place).
/// </summary>
public sealed class CertificateAuthority
{
    /// <summary>k3s renews certificates that expire within 90 days.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(90);

    private const string CaCertFile = "ca.crt";
    private const string CaKeyFile = "ca.key";
    private const string ServingCertFile = "serving.crt";
    private const string ServingKeyFile = "serving.key";

    private readonly string _tlsDir;
    private readonly IReadOnlyCollection<string> _dnsNames;
    private readonly IReadOnlyCollection<IPAddress> _addresses;
    private readonly TimeProvider _time;
    private readonly Lock _renewLock = new();
    private X509Certificate2 _serving;

    private CertificateAuthority(string tlsDir, X509Certificate2 ca, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses, TimeProvider time)
    {
        _tlsDir = tlsDir;
        _dnsNames = dnsNames;
        _addresses = addresses;
        _time = time;
        Ca = ca;
        _serving = LoadServing() ?? CreateServing();
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The serving certificate, renewed first when it is due (a certificate served before stays valid for the connections that have it).</summary>
    public X509Certificate2 Serving
    {
        get
        {
            if (!IsDue(_serving))
            {
                return _serving;
            }
            lock (_renewLock)
            {
                if (IsDue(_serving))
                {
                    _serving = CreateServing();
                }
                return _serving;
            }
        }
    }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>Loads the CA and serving certificate from <paramref name="tlsDir"/>, making whichever is missing or due.</summary>
    public static CertificateAuthority LoadOrCreate(string tlsDir, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses, TimeProvider? time = null)
    {
        Directory.CreateDirectory(tlsDir);
        time ??= TimeProvider.System;
        return new CertificateAuthority(tlsDir, LoadOrCreateCa(tlsDir, time), dnsNames, addresses, time);
    }

    /// <summary>
    /// A client certificate for <paramref name="user"/> in <paramref name="groups"/> (CN and O, as
    /// kube's x509 authenticator reads them), kept as <c>client-NAME.crt/.key</c> beside the CA
    /// (k3s' names) and renewed when it is due.
    /// </summary>
    public (string CertificatePem, string KeyPem) LoadOrCreateClient(string fileName, string user, IReadOnlyList<string> groups)
    {
        var certPath = Path.Combine(_tlsDir, $"client-{fileName}.crt");
        var keyPath = Path.Combine(_tlsDir, $"client-{fileName}.key");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            using var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (!IsDue(existing))
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
        var now = _time.GetUtcNow();
        using var signed = request.Create(Ca, now.AddMinutes(-5), now.AddYears(1), Serial());
        using var client = signed.CopyWithPrivateKey(key);
        WritePem(certPath, keyPath, client, key);
        return (File.ReadAllText(certPath), File.ReadAllText(keyPath));
    }

    /// <summary>Whether a leaf certificate must be reissued: it expires within <see cref="RenewBefore"/>, or another CA signed it.</summary>
    private bool IsDue(X509Certificate2 certificate) =>
        certificate.Issuer != Ca.Subject || certificate.NotAfter.ToUniversalTime() - _time.GetUtcNow().UtcDateTime < RenewBefore;

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return serial;
    }

    private static X509Certificate2 LoadOrCreateCa(string tlsDir, TimeProvider time)
    {
        var certPath = Path.Combine(tlsDir, CaCertFile);
        var keyPath = Path.Combine(tlsDir, CaKeyFile);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=berth-ca@{time.GetUtcNow().ToUnixTimeSeconds()}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WritePem(certPath, keyPath, ca, key);
        return ca;
    }

    private X509Certificate2? LoadServing()
    {
        var certPath = Path.Combine(_tlsDir, ServingCertFile);
        var keyPath = Path.Combine(_tlsDir, ServingKeyFile);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }
        var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        var covers = _dnsNames.All(n => cert.MatchesHostname(n)) && _addresses.All(a => cert.MatchesHostname(a.ToString()));
        return covers && !IsDue(cert) ? cert : null;
    }

    private X509Certificate2 CreateServing()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-server", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in _dnsNames)
        {
            san.AddDnsName(name);
        }
        foreach (var address in _addresses)
        {
            san.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = _time.GetUtcNow();
        using var signed = request.Create(Ca, now.AddMinutes(-5), now.AddYears(1), Serial());
        var serving = signed.CopyWithPrivateKey(key);
        WritePem(Path.Combine(_tlsDir, ServingCertFile), Path.Combine(_tlsDir, ServingKeyFile), serving, key);
        return serving;
    }

    private static void WritePem(string certPath, string keyPath, X509Certificate2 cert, ECDsa key)
    {
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem());
    }
}
