using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Joining;

/// <summary>
/// The node's own identity, as kubelet's TLS bootstrap gets it: a client certificate CN=system:node:NAME, O=system:nodes
/// kept under DATA/agent/pki. The first start (or a certificate near its end, of another node name or another cluster)
/// asks for one with a CertificateSigningRequest made with the join token, which the server approves and signs; the
/// key never leaves the node.
/// </summary>
public sealed partial class NodeClientCertificate(string directory, string nodeName, X509Certificate2 clusterCa, TimeProvider time, ILogger logger)
{
    public const string Signer = "kubernetes.io/kube-apiserver-client-kubelet";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private string CertificatePath => Path.Combine(directory, "client.crt");

    private string KeyPath => Path.Combine(directory, "client.key");

    /// <summary>The stored certificate when it is still good, else a new one through <paramref name="bootstrap"/>.</summary>
    public async Task<X509Certificate2> LoadOrRequestAsync(ApiClient bootstrap, CancellationToken cancellationToken)
    {
        if (Load() is { } stored)
        {
            return stored;
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName($"system:node:{nodeName}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csrs = bootstrap.For(KubeResources.CertificateSigningRequests);
        var created = await csrs.CreateAsync(new V1CertificateSigningRequest
        {
            ApiVersion = "certificates.k8s.io/v1",
            Kind = "CertificateSigningRequest",
            Metadata = new V1ObjectMeta { GenerateName = "node-csr-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = Signer,
                Usages = ["digital signature", "client auth"],
            },
        }, cancellationToken);
        LogRequested(created.Metadata.Name);
        var pem = await WaitForCertificateAsync(csrs, created.Metadata.Name, cancellationToken);
        Directory.CreateDirectory(directory);
        await WriteSecretAsync(KeyPath, key.ExportPkcs8PrivateKeyPem(), cancellationToken);
        await WriteSecretAsync(CertificatePath, pem, cancellationToken);
        return Load() ?? throw new ClusterJoinException($"the certificate signed for CSR {created.Metadata.Name} is not a client certificate of node {nodeName} from the cluster CA");
    }

    private async Task<string> WaitForCertificateAsync(ResourceClient<V1CertificateSigningRequest, V1CertificateSigningRequestList> csrs, string name, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            var csr = await csrs.GetAsync(null, name, cancellationToken);
            if (csr.Status?.Certificate is { Length: > 0 } certificate)
            {
                return Encoding.ASCII.GetString(certificate);
            }
            if (csr.Status?.Conditions?.FirstOrDefault(c => c.Type is "Denied" or "Failed" && c.Status == "True") is { } refused)
            {
                throw new ClusterJoinException($"the server refused CSR {name} for node {nodeName}: {refused.Type} ({refused.Reason}: {refused.Message})");
            }
            if (time.GetUtcNow() > deadline)
            {
                throw new ClusterJoinException($"CSR {name} for node {nodeName} was not signed within {Patience.TotalMinutes:0} minutes (kubectl certificate approve {name} approves it)");
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    // A key the TLS stack can present: SslStream on Linux takes a client key only from a loaded PKCS#12.
    private X509Certificate2? Load()
    {
        if (!File.Exists(CertificatePath) || !File.Exists(KeyPath))
        {
            return null;
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
            var issuedHere = pem.Issuer == clusterCa.Subject && pem.GetNameInfo(X509NameType.SimpleName, false) == $"system:node:{nodeName}";
            if (!issuedHere || pem.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < RenewBefore)
            {
                return null;
            }
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static async Task WriteSecretAsync(string path, string content, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path + ".new", content, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path + ".new", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(path + ".new", path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked for this node's client certificate with CSR {Name}")]
    private partial void LogRequested(string name);
}
