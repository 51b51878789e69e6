using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Writes of defaulted values: a field is set only when it is absent or null.</summary>
internal static class NodeWriter
{
    public static void SetDefault(this JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>The object member <paramref name="name"/>, created empty when absent.</summary>
    public static JsonObject Child(this JsonObject obj, string name)
    {
        if (obj[name] is not JsonObject child)
        {
            child = new JsonObject();
            obj[name] = child;
        }

        return child;
    }

    /// <summary>The object members of the array member <paramref name="name"/>, if any.</summary>
    public static IEnumerable<JsonObject> Items(this JsonObject obj, string name) =>
        obj[name] is JsonArray list ? list.OfType<JsonObject>() : [];
}
