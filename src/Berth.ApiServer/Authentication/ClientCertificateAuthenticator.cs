using System.Security.Cryptography.X509Certificates;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// x509 client certificates the cluster CA signed, valid now and meant for client auth: the
/// subject's CN is the user and each O a group (kube's x509 authenticator; the admin kubeconfig is
/// CN=system:admin, O=system:masters).
/// </summary>
public sealed class ClientCertificateAuthenticator(X509Certificate2 ca)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The certificate's user, or null when it is not a valid client certificate of this cluster.</summary>
    public UserInfo? Authenticate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthOid));
        if (!chain.Build(certificate))
        {
            return null;
        }
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .Where(g => g.Length > 0);
        return UserInfo.Authenticated(name, "", groups);
    }
}
