namespace Berth.Controllers.Machinery;

/// <summary>
/// kube's rand.SafeEncodeString: each character mapped into an alphabet without vowels or
/// look-alikes, so generated name suffixes (hashes) never spell words.
/// </summary>
public static class SafeEncoding
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Encode(string text) => string.Concat(text.Select(c => Alphabet[c % Alphabet.Length]));
}
