using System.Security.Cryptography;
using System.Text;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// Tokens known in advance: the admin token (<c>system:admin</c> in <c>system:masters</c>), the join
/// token (a bootstrapper, as kube's bootstrap tokens) and the users of <c>--token-auth-file</c>.
/// Compared in constant time.
/// </summary>
public sealed class StaticTokenAuthenticator(IReadOnlyList<KeyValuePair<string, UserInfo>> tokens) : ITokenAuthenticator
{
    public const string AdminUser = "system:admin";

    // Encoded once: every request is compared with every known token.
    private readonly (byte[] Token, UserInfo User)[] _known = [.. tokens.Select(t => (Encoding.UTF8.GetBytes(t.Key), t.Value))];

    public UserInfo? Authenticate(string token)
    {
        Span<byte> presented = stackalloc byte[Math.Min(Encoding.UTF8.GetMaxByteCount(token.Length), 1024)];
        if (!Encoding.UTF8.TryGetBytes(token, presented, out var length))
        {
            return null;
        }
        UserInfo? match = null;
        foreach (var (known, user) in _known)
        {
            // No early exit: the time taken does not tell which token came close.
            if (CryptographicOperations.FixedTimeEquals(presented[..length], known))
            {
                match ??= user;
            }
        }
        return match;
    }
}
