using System.Collections.Concurrent;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// The claims of ServiceAccount tokens whose signature was checked once: the RS256 check and the JSON parses cost a
/// ServiceAccount's request more than its RBAC decision, and a token's signature cannot change while the key stays.
/// Only the verification is kept: lifetime, audience and the ServiceAccount's existence are checked on every request
/// (kube's token cache keeps whole answers for 10 s). Refusals are not kept; the cache is emptied when full.
/// </summary>
public sealed class VerifiedTokenCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, ServiceAccountClaims> _claims = new(StringComparer.Ordinal);

    public ServiceAccountClaims? GetOrVerify(string token, Func<string, ServiceAccountClaims?> verify)
    {
        if (_claims.TryGetValue(token, out var known))
        {
            return known;
        }
        if (verify(token) is not { } claims)
        {
            return null;
        }
        if (_claims.Count >= capacity)
        {
            _claims.Clear();
        }
        _claims[token] = claims;
        return claims;
    }
}
