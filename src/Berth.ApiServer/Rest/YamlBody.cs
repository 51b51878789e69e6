using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.ApiServer.Rest;

/// <summary>Reads an <c>application/yaml</c> body as JSON (YAML 1.2 core schema scalars).</summary>
public static class YamlBody
{
    public static JsonNode? ToJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Encoding.UTF8.GetString(body.Span)));
            if (stream.Documents.Count != 1)
            {
                throw ApiException.BadRequest("the request body must hold exactly one YAML document");
            }
            return Convert(stream.Documents[0].RootNode, 0);
        }
        catch (YamlException ex)
        {
            throw ApiException.BadRequest($"the request body is not valid YAML: {ex.Message}");
        }
    }

    /// <summary>Every document of a YAML stream (a `---` separated manifest) as JSON; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonNode> Documents(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return [.. stream.Documents.Select(d => Convert(d.RootNode, 0)).OfType<JsonNode>()];
        }
        catch (YamlException ex)
        {
            throw ApiException.BadRequest($"not valid YAML: {ex.Message}");
        }
    }

    private static JsonNode? Convert(YamlNode node, int depth)
    {
        if (depth > ObjectCodec.MaxDepth)
        {
            throw ApiException.BadRequest($"the request body nests deeper than {ObjectCodec.MaxDepth} levels");
        }
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw ApiException.BadRequest("YAML mapping keys must be scalars");
                    obj[name] = Convert(value, depth + 1);
                }
                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(c => Convert(c, depth + 1)).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw ApiException.BadRequest("YAML aliases are not supported");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
