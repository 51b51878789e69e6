using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Yaml;

/// <summary>
/// Reads YAML as JSON nodes through YamlDotNet's representation model (no reflection, so it works in the Native AOT
/// binary): plain scalars typed by the YAML 1.2 core schema, quoted and block scalars always strings.
/// </summary>
public static class YamlJson
{
    /// <summary>Every document of a YAML stream (a `---` separated manifest); empty documents are skipped.</summary>
    /// <exception cref="YamlJsonException">The text is not YAML, or has no JSON form.</exception>
    public static IReadOnlyList<JsonNode> Documents(string text, int maxDepth)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new YamlJsonException($"not valid YAML: {ex.Message}", ex);
        }
        return [.. stream.Documents.Select(d => Convert(d.RootNode, 0, maxDepth)).OfType<JsonNode>()];
    }

    private static JsonNode? Convert(YamlNode node, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw new YamlJsonException($"the YAML nests deeper than {maxDepth} levels");
        }
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw new YamlJsonException("YAML mapping keys must be scalars");
                    obj[name] = Convert(value, depth + 1, maxDepth);
                }
                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(c => Convert(c, depth + 1, maxDepth))]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlJsonException("YAML aliases are not supported");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        return scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded
            ? JsonValue.Create(text)
            : Plain(text);
    }

    /// <summary>What a plain (unquoted) scalar means: null, a boolean, a number or a string.</summary>
    internal static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
