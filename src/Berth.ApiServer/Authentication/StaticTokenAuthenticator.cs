namespace Berth.ApiServer.Authentication;

/// <summary>
/// Tokens known in advance: the admin token (<c>system:admin</c> in <c>system:masters</c>), the join
/// token (a bootstrapper, as kube's bootstrap tokens) and the users of <c>--token-auth-file</c>.
/// A token is found by a lookup on the whole token, as kube's token file authenticator does (a
/// map): string hashes are randomized per process, so the time taken tells nothing about tokens
/// that came close, and a request no longer pays a comparison with each of the thirty-odd
/// in-process components' tokens. The first user given a token keeps it.
/// </summary>
public sealed class StaticTokenAuthenticator(IReadOnlyList<KeyValuePair<string, UserInfo>> tokens) : ITokenAuthenticator
{
    public const string AdminUser = "system:admin";

    private readonly Dictionary<string, UserInfo> _known = Index(tokens);

    public UserInfo? Authenticate(string token) => _known.GetValueOrDefault(token);

    private static Dictionary<string, UserInfo> Index(IReadOnlyList<KeyValuePair<string, UserInfo>> tokens)
    {
        var known = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        foreach (var (token, user) in tokens)
        {
            known.TryAdd(token, user);
        }
        return known;
    }
}
