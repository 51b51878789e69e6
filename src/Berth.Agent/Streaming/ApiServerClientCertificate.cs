using System.Security.Cryptography.X509Certificates;

namespace Berth.Agent.Streaming;

/// <summary>
/// Who may use the streaming server: the API server only, known by its client certificate
/// (<see cref="CommonName"/>, signed by the cluster CA), as a kubelet trusts the API server's
/// kubelet-client certificate through its client CA.
/// </summary>
public sealed class ApiServerClientCertificate(X509Certificate2 clusterCa)
{
    /// <summary>The CN of the certificate the API server presents to nodes (kubeadm's name for it).</summary>
    public const string CommonName = "kube-apiserver-kubelet-client";

    public bool Accepts(X509Certificate2? certificate)
    {
        if (certificate is null || certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) != CommonName)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
