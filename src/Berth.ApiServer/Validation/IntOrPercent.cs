using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>IntOrString fields that hold a count or a percentage (maxSurge, minAvailable…), as kube's ValidatePositiveIntOrPercent reads them.</summary>
internal static class IntOrPercent
{
    public const string InvalidPercent = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>The number (or percentage) in <paramref name="parent"/>[<paramref name="field"/>]: a non-negative integer or "N%"; null when absent or invalid.</summary>
    public static long? Read(JsonObject parent, string field, string at, List<FieldError> errors)
    {
        switch (parent[field])
        {
            case null:
                return null;
            case var v when parent.Int(field) is { } n:
                if (n < 0)
                {
                    errors.Add(FieldError.Invalid(at, v.DeepClone(), "must be greater than or equal to 0"));
                }
                return n;
            case var v when IsPercent(parent.Str(field), out var percent):
                return percent;
            case var v:
                errors.Add(FieldError.Invalid(at, v.DeepClone(), InvalidPercent));
                return null;
        }
    }

    /// <summary>kube's IsNotMoreThan100Percent: a percentage above 100 is an error (counts are not).</summary>
    public static void NotMoreThan100Percent(JsonObject parent, string field, string at, List<FieldError> errors)
    {
        if (IsPercent(parent.Str(field), out var percent) && percent > 100)
        {
            errors.Add(FieldError.Invalid(at, parent.Str(field), "must not be greater than 100%"));
        }
    }

    private static bool IsPercent(string? text, out long percent)
    {
        percent = 0;
        return text is { Length: > 1 } && text.EndsWith('%') && text[..^1].All(char.IsAsciiDigit) && long.TryParse(text[..^1], out percent);
    }
}
