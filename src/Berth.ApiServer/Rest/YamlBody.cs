using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.Yaml;

namespace Berth.ApiServer.Rest;

/// <summary>Reads an <c>application/yaml</c> body as JSON (<see cref="YamlJson"/>); what has no JSON form is a 400.</summary>
public static class YamlBody
{
    public static JsonNode? ToJson(ReadOnlyMemory<byte> body)
    {
        var documents = Documents(Encoding.UTF8.GetString(body.Span));
        return documents.Count == 1 ? documents[0] : throw ApiException.BadRequest("the request body must hold exactly one YAML document");
    }

    /// <summary>Every document of a YAML stream (a `---` separated manifest) as JSON; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonNode> Documents(string text)
    {
        try
        {
            return YamlJson.Documents(text, ObjectCodec.MaxDepth);
        }
        catch (YamlJsonException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }
    }
}
