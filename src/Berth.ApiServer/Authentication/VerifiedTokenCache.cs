using System.Collections.Concurrent;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// What was derived from tokens whose signature was checked once: the RS256 check and the JSON parses cost a
/// ServiceAccount's request more than its RBAC decision, and a token's signature cannot change while the key stays.
/// Only the verification is kept: lifetime, audience and the ServiceAccount's existence are checked on every request
/// (kube's token cache keeps whole answers for 10 s). Refusals are not kept; the cache is emptied when full.
/// </summary>
public sealed class VerifiedTokenCache<T>(int capacity = 4096)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _verified = new(StringComparer.Ordinal);

    public T? GetOrVerify(string token, Func<string, T?> verify)
    {
        if (_verified.TryGetValue(token, out var known))
        {
            return known;
        }
        if (verify(token) is not { } verified)
        {
            return null;
        }
        if (_verified.Count >= capacity)
        {
            _verified.Clear();
        }
        _verified[token] = verified;
        return verified;
    }
}
