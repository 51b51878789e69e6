using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patching;

/// <summary>JSON equality as RFC 6902 "test" defines it: numbers by value, objects regardless of member order.</summary>
internal static class JsonValueEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && AreEqual(p.Value, other));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Select((item, i) => AreEqual(item, y[i])).All(equal => equal);
            case (JsonValue x, JsonValue y):
                var kind = x.GetValueKind();
                if (kind != y.GetValueKind())
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
                    JsonValueKind.Number => NumberEquals(x, y),
                    _ => true, // true, false and null carry no payload beyond their kind
                };
            default:
                return false;
        }
    }

    private static bool NumberEquals(JsonValue x, JsonValue y)
    {
        var a = x.ToJsonString();
        var b = y.ToJsonString();
        return a == b
            || (decimal.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m)
                && decimal.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && m == n);
    }
}
