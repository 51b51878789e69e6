using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Joining;

/// <summary>
/// The node's own identity, as kubelet's TLS bootstrap gets it: a client certificate CN=system:node:NAME, O=system:nodes
/// kept under DATA/agent/pki. The first start (or a certificate expired, of another node name or another cluster)
/// asks for one with a CertificateSigningRequest made with the join token, which the server approves and signs; later
/// ones are asked for by the node itself (<see cref="ClientCertificateRotation"/>). The key never leaves the node.
/// </summary>
public sealed partial class NodeClientCertificate(string directory, string nodeName, X509Certificate2 clusterCa, TimeProvider time, ILogger logger)
{
    public const string Signer = "kubernetes.io/kube-apiserver-client-kubelet";

    // A stored certificate this close to its end is not worth starting with: the join token gets a new one.
    private static readonly TimeSpan StartMargin = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private string CertificatePath => Path.Combine(directory, "client.crt");

    private string KeyPath => Path.Combine(directory, "client.key");

    /// <summary>When a certificate is rotated: at <paramref name="jitter"/> (0 to 1) between 70 % and 90 % of its lifetime, as kubelet's certificate manager.</summary>
    public static DateTimeOffset RotationDeadline(X509Certificate2 certificate, double jitter)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var lifetime = certificate.NotAfter.ToUniversalTime() - notBefore.UtcDateTime;
        return notBefore + lifetime * (0.7 + 0.2 * jitter);
    }

    /// <summary>The stored certificate while it is still good, else a new one through <paramref name="bootstrap"/>.</summary>
    public async Task<X509Certificate2> LoadOrRequestAsync(ApiClient bootstrap, CancellationToken cancellationToken) =>
        Load() is { } stored && stored.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > StartMargin
            ? stored
            : await RequestAsync(bootstrap, cancellationToken);

    /// <summary>Asks for a new certificate with a fresh key, as <paramref name="requester"/> (the join token's bootstrapper, or the node itself), and stores both.</summary>
    public async Task<X509Certificate2> RequestAsync(ApiClient requester, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName($"system:node:{nodeName}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csrs = requester.For(KubeResources.CertificateSigningRequests);
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
            if (!issuedHere)
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
