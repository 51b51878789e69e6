using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Agent.Joining;

namespace Berth.Agent.Tests.Joining;

public class NodeClientCertificateTests
{
    [Theory]
    [InlineData(0.0, 70)]
    [InlineData(0.5, 80)]
    [InlineData(1.0, 90)]
    public void RotationDeadline_FallsBetween70And90PercentOfTheLifetime(double jitter, int percent)
    {
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=system:node:n1", key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notBefore.AddMinutes(100));

        Assert.Equal(notBefore.AddMinutes(percent), NodeClientCertificate.RotationDeadline(certificate, jitter));
    }
}
