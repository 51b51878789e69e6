using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>Object name rules (DNS-1123 subdomain, or label for namespaces and services) and generateName suffixes.</summary>
public static partial class ObjectNames
{
    // The alphabet of Kubernetes' rand.String: no vowels, no confusable digits.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix)
    {
        var trimmed = prefix.Length > 58 ? prefix[..58] : prefix;
        return trimmed + string.Concat(Enumerable.Range(0, 5).Select(_ => SuffixAlphabet[RandomNumberGenerator.GetInt32(SuffixAlphabet.Length)]));
    }

    /// <summary>Why <paramref name="name"/> is not a valid name for the resource, or null.</summary>
    public static string? Problem(ResourceDefinition resource, string name)
    {
        var label = resource is { Group: "", Name: "namespaces" or "services" };
        var max = label ? 63 : 253;
        if (name.Length > max)
        {
            return $"must be no more than {max} characters";
        }
        if (label ? !DnsLabel().IsMatch(name) : !DnsSubdomain().IsMatch(name))
        {
            return label
                ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
