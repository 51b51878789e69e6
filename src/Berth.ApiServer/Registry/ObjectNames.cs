using System.Security.Cryptography;

namespace Berth.ApiServer.Registry;

/// <summary>generateName suffixes: five characters of the alphabet Kubernetes uses.</summary>
public static class ObjectNames
{
    // The alphabet of Kubernetes' rand.String: no vowels, no confusable digits.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix)
    {
        var trimmed = prefix.Length > 58 ? prefix[..58] : prefix;
        return trimmed + string.Concat(Enumerable.Range(0, 5).Select(_ => SuffixAlphabet[RandomNumberGenerator.GetInt32(SuffixAlphabet.Length)]));
    }
}
