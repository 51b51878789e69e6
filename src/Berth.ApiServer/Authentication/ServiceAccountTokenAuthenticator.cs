using Berth.ApiServer.Resources;
using Berth.ApiServer.Watch;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// ServiceAccount JWTs: the signature, issuer, audience and lifetime, then the ServiceAccount (and
/// the bound Pod, Secret or Node) must still exist with the uid the token names, read from the
/// watch cache so a check costs no store round trip. The user is kube's:
/// system:serviceaccount:NS:NAME in system:serviceaccounts and system:serviceaccounts:NS.
/// </summary>
public sealed class ServiceAccountTokenAuthenticator(ServiceAccountIssuer issuer, WatchCache cache, ResourceRegistry registry, TimeProvider time) : ITokenAuthenticator
{
    public const string AllServiceAccounts = "system:serviceaccounts";

    private readonly ResourceDefinition _serviceAccounts = registry.Find("", "v1", "serviceaccounts")!;
    private readonly VerifiedTokenCache<VerifiedToken> _verified = new();

    public UserInfo? Authenticate(string token)
    {
        // Cheap shape test first: static tokens reach here too.
        if (token.AsSpan().Count('.') != 2 || _verified.GetOrVerify(token, Verify) is not { } verified)
        {
            return null;
        }
        var (claims, user) = verified;
        var now = time.GetUtcNow();
        if (claims.Expires <= now || claims.IssuedAt > now.AddMinutes(1)
            || !Live(_serviceAccounts, claims.Namespace, claims.Name, claims.Uid)
            || (claims.Bound is { } bound && !Live(BoundResource(bound.Kind), claims.Namespace, bound.Name, bound.Uid)))
        {
            return null;
        }
        return user;
    }

    /// <summary>
    /// A token signed by this server for one of its audiences, with the user it makes: both depend on the token
    /// alone, so they are built once per token and the same user serves each request (RBAC indexes by it).
    /// </summary>
    private VerifiedToken? Verify(string token)
    {
        if (issuer.Read(token) is not { } claims || !claims.Audiences.Intersect(issuer.Audiences).Any())
        {
            return null;
        }
        var extra = new Dictionary<string, IReadOnlyList<string>>
        {
            ["authentication.kubernetes.io/credential-id"] = [$"JTI={claims.Id}"],
        };
        if (claims.Bound is { Kind: var kind } b)
        {
            extra[$"authentication.kubernetes.io/{kind.ToLowerInvariant()}-name"] = [b.Name];
            extra[$"authentication.kubernetes.io/{kind.ToLowerInvariant()}-uid"] = [b.Uid];
        }
        var user = UserInfo.Authenticated(claims.Subject, claims.Uid, [AllServiceAccounts, $"{AllServiceAccounts}:{claims.Namespace}"], extra);
        return new VerifiedToken(claims, user);
    }

    private ResourceDefinition BoundResource(string kind) => registry.FindByKind("", kind)!;

    private bool Live(ResourceDefinition resource, string ns, string name, string uid) =>
        cache.Get(resource.StorageKey(ns, name)) is { Metadata: var metadata } && metadata.Uid == uid && !metadata.Deleting;

    private sealed record VerifiedToken(ServiceAccountClaims Claims, UserInfo User);
}
