using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// What a ServiceAccount token says, in kube's claim layout: <c>sub</c>
/// system:serviceaccount:NS:NAME, <c>aud</c>, <c>iat</c>/<c>nbf</c>/<c>exp</c>, <c>jti</c>, and
/// <c>kubernetes.io</c> with the namespace, the ServiceAccount and the bound object.
/// </summary>
public sealed record ServiceAccountClaims(
    string Namespace,
    string Name,
    string Uid,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expires,
    string Id,
    BoundObject? Bound)
{
    private const string Prefix = "system:serviceaccount:";

    public string Subject => UserName(Namespace, Name);

    /// <summary>The user a ServiceAccount is: system:serviceaccount:NS:NAME.</summary>
    public static string UserName(string ns, string name) => $"{Prefix}{ns}:{name}";

    public JsonObject ToJson(string issuer)
    {
        var kubernetes = new JsonObject
        {
            ["namespace"] = Namespace,
            ["serviceaccount"] = new JsonObject { ["name"] = Name, ["uid"] = Uid },
        };
        if (Bound is { } bound)
        {
            kubernetes[bound.Kind.ToLowerInvariant()] = new JsonObject { ["name"] = bound.Name, ["uid"] = bound.Uid };
        }
        return new JsonObject
        {
            ["aud"] = new JsonArray([.. Audiences.Select(a => (JsonNode)a)]),
            ["exp"] = Expires.ToUnixTimeSeconds(),
            ["iat"] = IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["jti"] = Id,
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = IssuedAt.ToUnixTimeSeconds(),
            ["sub"] = Subject,
        };
    }

    /// <summary>The claims of a verified token from <paramref name="issuer"/>, or null when they are not a ServiceAccount's.</summary>
    public static ServiceAccountClaims? FromJson(JsonObject claims, string issuer)
    {
        if (claims.Str("iss") != issuer || claims["kubernetes.io"] is not JsonObject kubernetes
            || kubernetes.Str("namespace") is not { } ns || kubernetes.Str("serviceaccount", "name") is not { } name
            || claims.Str("sub") != UserName(ns, name)
            || claims["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var expires))
        {
            return null;
        }
        var audiences = claims["aud"] switch
        {
            JsonArray list => list.Select(a => a?.GetValue<string>() ?? "").ToList(),
            JsonValue one when one.TryGetValue<string>(out var single) => [single],
            _ => [],
        };
        var bound = new[] { "Pod", "Secret", "Node" }
            .Select(kind => kubernetes[kind.ToLowerInvariant()] is JsonObject o ? new BoundObject(kind, o.Str("name") ?? "", o.Str("uid") ?? "") : null)
            .FirstOrDefault(b => b is not null);
        return new ServiceAccountClaims(
            ns, name, kubernetes.Str("serviceaccount", "uid") ?? "", audiences,
            DateTimeOffset.FromUnixTimeSeconds(claims.Int("nbf") ?? claims.Int("iat") ?? 0),
            DateTimeOffset.FromUnixTimeSeconds(expires),
            claims.Str("jti") ?? "",
            bound);
    }
}
