using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Authentication;

public sealed class VerifiedTokenCacheTests
{
    private static readonly ServiceAccountClaims Claims = new(
        "dev", "app", "uid-1", [ServiceAccountIssuer.DefaultUrl],
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), "jti-1", null);

    [Fact]
    public void AcceptedToken_IsVerifiedOnce_RefusedTokenEveryTime()
    {
        var cache = new VerifiedTokenCache<ServiceAccountClaims>();
        var verified = new List<string>();
        ServiceAccountClaims? Verify(string token)
        {
            verified.Add(token);
            return token == "good" ? Claims : null;
        }

        Assert.Same(Claims, cache.GetOrVerify("good", Verify));
        Assert.Same(Claims, cache.GetOrVerify("good", Verify));
        Assert.Null(cache.GetOrVerify("forged", Verify));
        Assert.Null(cache.GetOrVerify("forged", Verify));

        Assert.Equal(["good", "forged", "forged"], verified);
    }

    [Fact]
    public void FullCache_StartsOver_InsteadOfGrowing()
    {
        var cache = new VerifiedTokenCache<ServiceAccountClaims>(capacity: 2);
        var verifications = 0;
        ServiceAccountClaims Verify(string _)
        {
            verifications++;
            return Claims;
        }

        foreach (var token in new[] { "a", "b", "c", "a" })
        {
            cache.GetOrVerify(token, Verify);
        }

        // "c" found the cache full and emptied it, so "a" is verified again.
        Assert.Equal(4, verifications);
    }
}
