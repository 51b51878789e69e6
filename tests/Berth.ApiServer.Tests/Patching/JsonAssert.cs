using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tests.Patching;

/// <summary>Asserts JSON equality regardless of member order, printing both documents on failure.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual) => Equal(JsonNode.Parse(expected), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        var same = JsonNode.DeepEquals(Sorted(expected), Sorted(actual));
        Assert.True(same, $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node is null ? null : JsonNode.Parse(node.ToJsonString()),
    };
}
