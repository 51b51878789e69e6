using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Evaluates a metav1.LabelSelector (matchLabels and matchExpressions) against a label map.</summary>
public static class LabelSelectorMatcher
{
    /// <summary>True when every requirement of the selector holds for the labels.</summary>
    public static bool Matches(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels?[key] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

        foreach (var (key, value) in selector.StringMap("matchLabels"))
        {
            if (Label(key) != value)
            {
                return false;
            }
        }

        foreach (var expression in selector.Objects("matchExpressions"))
        {
            var actual = Label(expression.Str("key") ?? "");
            var values = expression.Strings("values").ToHashSet(StringComparer.Ordinal);
            var holds = expression.Str("operator") switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
