using System.Text.Json.Nodes;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// The issuer of ServiceAccount tokens (kube's <c>--service-account-issuer</c>, k3s' default URL):
/// signs claims, and describes itself for OIDC discovery at
/// <c>/.well-known/openid-configuration</c> and <c>/openid/v1/jwks</c>.
/// </summary>
public sealed class ServiceAccountIssuer(string url, ServiceAccountKey key)
{
    public const string DefaultUrl = "https://kubernetes.default.svc.cluster.local";

    public string Url { get; } = url;

    /// <summary>The audiences the API accepts and gives tokens that ask for none (kube's --api-audiences defaults to the issuer).</summary>
    public IReadOnlyList<string> Audiences { get; } = [url];

    public ServiceAccountKey Key { get; } = key;

    public string Sign(ServiceAccountClaims claims) => JsonWebToken.Sign(claims.ToJson(Url), Key);

    /// <summary>The claims of a token this issuer signed, or null.</summary>
    public ServiceAccountClaims? Read(string token) =>
        JsonWebToken.Verify(token, Key) is { } claims ? ServiceAccountClaims.FromJson(claims, Url) : null;

    public JsonObject OpenIdConfiguration(Uri server) => new()
    {
        ["issuer"] = Url,
        ["jwks_uri"] = new Uri(server, "/openid/v1/jwks").ToString(),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };
}
