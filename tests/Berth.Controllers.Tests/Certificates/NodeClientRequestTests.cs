using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Controllers.Certificates;
using k8s.Models;

namespace Berth.Controllers.Tests.Certificates;

public sealed class NodeClientRequestTests
{
    private static CertificateRequest Request(string? commonName, string[] organizations, bool withSan = false)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var organization in organizations)
        {
            subject.AddOrganizationName(organization);
        }
        if (commonName is not null)
        {
            subject.AddCommonName(commonName);
        }
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        if (withSan)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("evil.example");
            request.CertificateExtensions.Add(san.Build());
        }
        return request;
    }

    private static V1CertificateSigningRequest Csr(string signer, string[] usages, string user = "system:bootstrap:server", string[]? groups = null) => new()
    {
        Spec = new V1CertificateSigningRequestSpec { SignerName = signer, Usages = usages, Username = user, Groups = groups ?? ["system:bootstrappers", "system:authenticated"] },
    };

    [Theory]
    [InlineData("system:node:n1", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "client auth" }, false, true)]
    [InlineData("system:node:n1", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "key encipherment", "client auth" }, false, true)]
    [InlineData("system:node:n1", new[] { "system:nodes" }, "kubernetes.io/kube-apiserver-client", new[] { "digital signature", "client auth" }, false, false)]
    [InlineData("system:node:n1", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "server auth" }, false, false)]
    [InlineData("system:node:n1", new[] { "system:nodes", "system:masters" }, NodeClientRequest.Signer, new[] { "digital signature", "client auth" }, false, false)]
    [InlineData("system:node:", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "client auth" }, false, false)]
    [InlineData("admin", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "client auth" }, false, false)]
    [InlineData("system:node:n1", new[] { "system:nodes" }, NodeClientRequest.Signer, new[] { "digital signature", "client auth" }, true, false)]
    public void IsNodeClient_OnlyAKubeletClientRequest(string commonName, string[] organizations, string signer, string[] usages, bool withSan, bool expected)
    {
        Assert.Equal(expected, NodeClientRequest.IsNodeClient(Csr(signer, usages), Request(commonName, organizations, withSan)));
    }

    [Theory]
    [InlineData("system:bootstrap:server", new[] { "system:bootstrappers" }, true)]
    [InlineData("system:node:n1", new[] { "system:nodes" }, true)] // the node renewing its own
    [InlineData("system:node:n2", new[] { "system:nodes" }, false)] // another node
    [InlineData("alice", new[] { "system:authenticated" }, false)]
    public void RequesterMayHave_ABootstrapperOrTheNodeItself(string user, string[] groups, bool expected)
    {
        var csr = Csr(NodeClientRequest.Signer, ["digital signature", "client auth"], user, groups);

        Assert.Equal(expected, NodeClientRequest.RequesterMayHave(csr, Request("system:node:n1", ["system:nodes"])));
    }

    [Fact]
    public void SignPem_IssuesTheRequestedSubjectForClientAuth_FromTheCa_WithinTheRequestedDuration()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = Ca(now);

        var pem = new ClusterSigner(ca, ClusterSigner.DefaultDuration).SignPem(Request("system:node:n1", ["system:nodes"]), TimeSpan.FromHours(2), now);

        using var issued = X509Certificate2.CreateFromPem(pem);
        Assert.Equal("CN=test-ca", issued.Issuer);
        Assert.Equal("system:node:n1", issued.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(now.AddHours(2).ToUnixTimeSeconds(), new DateTimeOffset(issued.NotAfter).ToUnixTimeSeconds());
        Assert.Contains(issued.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.2");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(issued));
    }

    [Fact]
    public void SignPem_AskingForMoreThanTheSigningDuration_GetsTheSigningDuration()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = Ca(now);

        var pem = new ClusterSigner(ca, TimeSpan.FromMinutes(2)).SignPem(Request("system:node:n1", ["system:nodes"]), TimeSpan.FromHours(2), now);

        using var issued = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(now.AddMinutes(2).ToUnixTimeSeconds(), new DateTimeOffset(issued.NotAfter).ToUnixTimeSeconds());
    }

    private static X509Certificate2 Ca(DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }
}
