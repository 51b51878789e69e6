using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The kubeconfig of <c>--audit-webhook-config-file</c>, as kube-apiserver reads it: the current context's
/// cluster and user (the first of each without one): the server URL, the CA that signs it
/// (certificate-authority[-data], or insecure-skip-tls-verify), and the credentials: a client
/// certificate and key ([-data]) or a bearer token. Relative file names are relative to the kubeconfig.
/// </summary>
public sealed record WebhookKubeconfig(Uri Server, X509Certificate2? CertificateAuthority, bool InsecureSkipTlsVerify, X509Certificate2? ClientCertificate, string? Token)
{
    public static WebhookKubeconfig Load(string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}: not a kubeconfig: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path}: not a kubeconfig");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var context = Named(root, "contexts", Scalar(root, "current-context"), "context");
        var cluster = Named(root, "clusters", context is null ? null : Scalar(context, "cluster"), "cluster")
            ?? throw new InvalidDataException($"{path}: no cluster");
        var user = Named(root, "users", context is null ? null : Scalar(context, "user"), "user");
        var server = Scalar(cluster, "server") is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InvalidDataException($"{path}: the cluster's server is not an http(s) URL");
        try
        {
            var ca = Pem(cluster, "certificate-authority", directory) is { } caPem ? X509Certificate2.CreateFromPem(caPem) : null;
            var certificate = user is not null && Pem(user, "client-certificate", directory) is { } certPem
                ? X509Certificate2.CreateFromPem(certPem, Pem(user, "client-key", directory) ?? throw new InvalidDataException($"{path}: client-certificate without client-key"))
                : null;
            return new WebhookKubeconfig(server, ca, Scalar(cluster, "insecure-skip-tls-verify") == "true", certificate, user is null ? null : Scalar(user, "token"));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }

    /// <summary>A client for the webhook: TLS 1.2+ checked against the kubeconfig's CA (or the system's), its credentials attached.</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var ssl = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
        if (ClientCertificate is { } certificate)
        {
            ssl.ClientCertificates = [certificate];
        }
        if (InsecureSkipTlsVerify)
        {
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (CertificateAuthority is { } ca)
        {
            ssl.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { ca }, RevocationMode = X509RevocationMode.NoCheck };
        }
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = ssl }) { Timeout = timeout };
        if (Token is { Length: > 0 } token)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>The entry of a list (clusters, users, contexts) with that name, else the first; its inner mapping.</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string? name, string inner)
    {
        if (!root.Children.TryGetValue(list, out var node) || node is not YamlSequenceNode entries)
        {
            return null;
        }
        var entry = entries.OfType<YamlMappingNode>().FirstOrDefault(e => name is null || Scalar(e, "name") == name);
        return entry is not null && entry.Children.TryGetValue(inner, out var value) ? value as YamlMappingNode : null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    /// <summary>PEM text from FIELD-data (base64) or the file FIELD names.</summary>
    private static string? Pem(YamlMappingNode node, string field, string directory) =>
        Scalar(node, field + "-data") is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data))
        : Scalar(node, field) is { } file ? File.ReadAllText(Path.Combine(directory, file))
        : null;
}
