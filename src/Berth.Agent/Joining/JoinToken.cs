namespace Berth.Agent.Joining;

/// <summary>
/// A k3s join token: <c>K10&lt;sha256 of the cluster CA&gt;::server:&lt;secret&gt;</c> (secure: the
/// agent checks the CA it is served), or a bare secret (the CA is trusted on first use).
/// </summary>
public sealed record JoinToken(string? CaHash, string Secret, string Raw)
{
    private const string Prefix = "K10";

    /// <exception cref="FormatException">The token is empty or a K10 token without its parts.</exception>
    public static JoinToken Parse(string text)
    {
        var token = text.Trim();
        if (token.Length == 0)
        {
            throw new FormatException("the join token is empty");
        }
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || !token.Contains("::", StringComparison.Ordinal))
        {
            return new JoinToken(null, token, token);
        }
        var separator = token.IndexOf("::", StringComparison.Ordinal);
        var hash = token[Prefix.Length..separator];
        var credentials = token[(separator + 2)..];
        var colon = credentials.IndexOf(':');
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit) || colon <= 0 || colon == credentials.Length - 1)
        {
            throw new FormatException("invalid join token: expected K10<CA hash>::<user>:<secret> as in DATA/server/token");
        }
        return new JoinToken(hash.ToLowerInvariant(), credentials[(colon + 1)..], token);
    }
}
