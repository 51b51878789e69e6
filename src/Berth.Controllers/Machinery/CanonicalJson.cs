using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;

namespace Berth.Controllers.Machinery;

/// <summary>
/// JSON with every object's members sorted by name, as Go's json.Marshal writes a map: the same
/// content always gives the same text, so it can be hashed or compared byte for byte.
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key, ModelJsonContext.Default.String) + ":" + Write(p.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Write)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
