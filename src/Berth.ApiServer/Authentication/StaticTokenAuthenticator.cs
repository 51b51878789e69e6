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

    public UserInfo? Authenticate(string token)
    {
        var presented = Encoding.UTF8.GetBytes(token);
        UserInfo? match = null;
        foreach (var (known, user) in tokens)
        {
            // No early exit: the time taken does not tell which token came close.
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(known)))
            {
                match ??= user;
            }
        }
        return match;
    }
}
