using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>Selectors and label maps printed as kubectl shows them (labels.FormatLabels, metav1.FormatLabelSelector).</summary>
internal static class Selectors
{
    public const string None = "<none>";

    public const string Unset = "<unset>";

    /// <summary><c>app=web,tier=front</c>, or &lt;none&gt;.</summary>
    public static string FormatMap(JsonNode? map)
    {
        var text = string.Join(",", map.StringMap().Select(p => $"{p.Key}={p.Value}"));
        return text.Length == 0 ? None : text;
    }

    /// <summary>A LabelSelector (matchLabels and matchExpressions) as <c>app=web,tier in (a,b)</c>, or &lt;none&gt;.</summary>
    public static string FormatLabelSelector(JsonNode? selector)
    {
        if (selector is not JsonObject)
        {
            return None;
        }

        var requirements = selector.StringMap("matchLabels")
            .Select(p => (Key: p.Key, Text: $"{p.Key}={p.Value}"))
            .Concat(selector.Objects("matchExpressions").Select(e => (Key: e.Str("key") ?? "", Text: Expression(e))))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Text)
            .ToArray();
        return requirements.Length == 0 ? None : string.Join(",", requirements);
    }

    private static string Expression(JsonObject e)
    {
        var key = e.Str("key");
        var values = string.Join(",", e.Strings("values").Order(StringComparer.Ordinal));
        return e.Str("operator") switch
        {
            "In" => $"{key} in ({values})",
            "NotIn" => $"{key} notin ({values})",
            "Exists" => key ?? "",
            "DoesNotExist" => $"!{key}",
            var op => $"{key} {op} ({values})",
        };
    }
}
