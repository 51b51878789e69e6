using System.Text.RegularExpressions;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c>: requirements joined by commas, each one of <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> or <c>!k</c> (k8s.io/apimachinery labels).
/// </summary>
public sealed partial class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        return new LabelSelector(SplitTopLevel(text).Select(ParseRequirement).ToList());
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    private static LabelRequirement ParseRequirement(string text)
    {
        var trimmed = text.Trim();
        Match match;
        if ((match = SetPattern().Match(trimmed)).Success)
        {
            var values = match.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                throw Invalid(trimmed, "for 'in', 'notin' operators, values set can't be empty");
            }
            values.ForEach(v => CheckValue(trimmed, v));
            var op = match.Groups[2].Value == "in" ? LabelOperator.In : LabelOperator.NotIn;
            return new LabelRequirement(CheckKey(trimmed, match.Groups[1].Value), op, values);
        }
        if ((match = EqualityPattern().Match(trimmed)).Success)
        {
            var op = match.Groups[2].Value == "!=" ? LabelOperator.NotEquals : LabelOperator.Equals;
            var value = match.Groups[3].Value.Trim();
            CheckValue(trimmed, value);
            return new LabelRequirement(CheckKey(trimmed, match.Groups[1].Value), op, [value]);
        }
        if (trimmed.StartsWith('!'))
        {
            return new LabelRequirement(CheckKey(trimmed, trimmed[1..].Trim()), LabelOperator.DoesNotExist, []);
        }
        return new LabelRequirement(CheckKey(trimmed, trimmed), LabelOperator.Exists, []);
    }

    private static string CheckKey(string requirement, string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        if (!LabelKeyName().IsMatch(name) || name.Length > 63 || (prefix is not null && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))))
        {
            throw Invalid(requirement, $"invalid label key \"{key}\"");
        }
        return key;
    }

    private static void CheckValue(string requirement, string value)
    {
        if (value.Length > 63 || (value.Length > 0 && !LabelKeyName().IsMatch(value)))
        {
            throw Invalid(requirement, $"invalid label value: \"{value}\"");
        }
    }

    private static ApiException Invalid(string requirement, string why) =>
        ApiException.BadRequest($"unable to parse requirement: {why} (in \"{requirement}\")");

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0)
        {
            throw Invalid(text, "unbalanced parentheses");
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^([^\s=!()]+)\s+(in|notin)\s*\((.*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^([^\s=!()]+)\s*(==|=|!=)\s*([^=!()]*)$")]
    private static partial Regex EqualityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKeyName();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
