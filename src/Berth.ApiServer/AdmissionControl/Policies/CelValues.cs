using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// JSON as the CEL library reads it: objects are maps with string keys (so <c>object.spec.replicas</c>
/// selects and <c>has()</c> tests a member), arrays lists, integral numbers CEL ints (int64), other
/// numbers doubles, as kube's unstructured values reach cel-go.
/// </summary>
public static class CelValues
{
    public static object? From(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(member => member.Key, member => From(member.Value)),
        JsonArray list => list.Select(From).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value.ToJsonString()),
            _ => null,
        },
        _ => null,
    };

    // The text, not GetValue<long>: values the server defaulted are boxed ints, not JsonElements.
    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>kube's authentication/v1 UserInfo as the <c>request.userInfo</c> of a policy.</summary>
    public static Dictionary<string, object?> From(UserInfo user) => new()
    {
        ["username"] = user.Name,
        ["uid"] = user.Uid,
        ["groups"] = user.Groups.Cast<object?>().ToList(),
        ["extra"] = user.Extra.ToDictionary(e => e.Key, e => (object?)e.Value.Cast<object?>().ToList()),
    };
}
