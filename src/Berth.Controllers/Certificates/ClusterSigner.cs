using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Controllers.Certificates;

/// <summary>
/// Signs approved client certificate requests with the cluster CA (kube-controller-manager's --cluster-signing-cert-file
/// and key): the requested subject and key, client-auth usage only, valid for the requested duration up to
/// <paramref name="maxDuration"/> (--cluster-signing-duration, a year by default) and back-dated five minutes for clocks
/// that are a little behind.
/// </summary>
public sealed class ClusterSigner(X509Certificate2 ca, TimeSpan maxDuration)
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromDays(365);
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public string SignPem(CertificateRequest request, TimeSpan? requested, DateTimeOffset now)
    {
        var duration = requested is { } asked && asked < maxDuration ? asked : maxDuration;
        var notAfter = now + duration < ca.NotAfter ? now + duration : new DateTimeOffset(ca.NotAfter);
        var toSign = new CertificateRequest(request.SubjectName, request.PublicKey, HashAlgorithmName.SHA256);
        toSign.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        toSign.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        toSign.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = toSign.Create(ca, now - Backdate, notAfter, serial);
        return certificate.ExportCertificatePem() + "\n";
    }
}
