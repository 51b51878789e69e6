using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace Berth.Controllers.Certificates;

/// <summary>
/// What kube's csrapproving controller recognises as a kubelet's client certificate request: signer
/// kubernetes.io/kube-apiserver-client-kubelet, subject CN=system:node:NAME with O=system:nodes only, no alternative
/// names, usages digital signature and client auth (key encipherment allowed). It approves a new node's request from
/// a bootstrapper (a holder of the join token), and a node's renewal of its own.
/// </summary>
public static class NodeClientRequest
{
    public const string Signer = "kubernetes.io/kube-apiserver-client-kubelet";
    public const string NodesGroup = "system:nodes";
    public const string BootstrappersGroup = "system:bootstrappers";
    public const string NodeUserPrefix = "system:node:";

    private static readonly HashSet<string> AllowedUsages = ["digital signature", "key encipherment", "client auth"];

    /// <summary>Whether <paramref name="request"/> (the parsed spec.request) asks for a node client certificate.</summary>
    public static bool IsNodeClient(V1CertificateSigningRequest csr, CertificateRequest request)
    {
        if (csr.Spec.SignerName != Signer || csr.Spec.Usages is not { } usages || !usages.Contains("client auth") || !usages.Contains("digital signature")
            || usages.Any(u => !AllowedUsages.Contains(u)))
        {
            return false;
        }
        var (commonName, organizations) = Subject(request.SubjectName);
        return commonName?.StartsWith(NodeUserPrefix, StringComparison.Ordinal) == true && commonName.Length > NodeUserPrefix.Length
            && organizations.SequenceEqual([NodesGroup])
            && !request.CertificateExtensions.Any(e => e.Oid?.Value == "2.5.29.17");
    }

    /// <summary>Whether the requester may get it: a bootstrapper, or the node itself renewing.</summary>
    public static bool RequesterMayHave(V1CertificateSigningRequest csr, CertificateRequest request) =>
        csr.Spec.Groups?.Contains(BootstrappersGroup) == true || csr.Spec.Username == Subject(request.SubjectName).CommonName;

    /// <summary>The subject's CN and its O values, in order.</summary>
    public static (string? CommonName, IReadOnlyList<string> Organizations) Subject(X500DistinguishedName name)
    {
        string? commonName = null;
        var organizations = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }
            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3":
                    commonName = value;
                    break;
                case "2.5.4.10" when value is not null:
                    organizations.Add(value);
                    break;
            }
        }
        return (commonName, organizations);
    }
}
