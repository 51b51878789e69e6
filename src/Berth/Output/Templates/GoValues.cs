using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Output.Templates;

/// <summary>
/// A template's runtime values and how Go's fmt prints them. Values are null (Go's nil), string, long,
/// double, bool, <see cref="JsonObject"/> (a struct or map), <see cref="JsonArray"/> (a slice),
/// <see cref="NoValue"/> (a missing map key) or a <see cref="RowValue"/> (a listing's row).
/// </summary>
public static class GoValues
{
    /// <summary>What Go prints for a missing key of a map of interfaces.</summary>
    public sealed class NoValue
    {
        public static readonly NoValue Instance = new();

        private NoValue()
        {
        }
    }

    /// <summary>A JSON node as a template value: leaves become strings, numbers and bools.</summary>
    public static object? FromJson(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value),
            _ => null,
        };
    }

    /// <summary>A whole number as Go's int (long), any other as float64 (double).</summary>
    private static object Number(JsonValue value)
    {
        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }
        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>A template value as JSON, for the json function.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        JsonNode node => node.DeepClone(),
        RowValue row => row.Data.ToJson(),
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        _ => null,
    };

    /// <summary>As fmt's %v: maps as map[k:v] with sorted keys, slices as [a b].</summary>
    public static string Print(object? value) => value switch
    {
        null => "<nil>",
        NoValue => "<no value>",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        bool b => b ? "true" : "false",
        JsonArray array => "[" + string.Join(' ', array.Select(item => Print(FromJson(item)))) + "]",
        JsonObject obj => "map[" + string.Join(' ', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Print(FromJson(p.Value)))) + "]",
        RowValue row => Print(row.Data.ToJson()),
        JsonNode other => other.ToJsonString(),
        _ => value.ToString() ?? "",
    };

    /// <summary>Go's truth: false, 0, nil and empty strings, slices and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        _ => true,
    };

    /// <summary>fmt's %v of a float64: the shortest digits, in exponent form below 1e-4 or from 1e21.</summary>
    private static string Float(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            var mantissa = text[..text.IndexOf('E')];
            var exponent = int.Parse(text[(text.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        return text;
    }
}

/// <summary>A listing's row as a template's dot: its fields are the row's texts (Podman's report fields), with its JSON for what has structure.</summary>
public sealed class RowValue(ITemplateData data)
{
    private JsonObject? _json;

    public ITemplateData Data => data;

    public JsonObject Json => _json ??= data.ToJson();
}
