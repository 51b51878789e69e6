using System.Text.Json.Nodes;

namespace Berth.ApiServer.Conversion;

/// <summary>
/// events.k8s.io/v1 Events are core/v1 Events under other field names (k8s.io/kubernetes
/// pkg/apis/events/v1 conversion): regarding = involvedObject, note = message, reportingController =
/// reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count = source, firstTimestamp,
/// lastTimestamp, count; the other fields are shared.
/// </summary>
public sealed class EventsV1Conversion : IStorageConversion
{
    private static readonly (string Events, string Core)[] s_fields =
    [
        ("metadata", "metadata"), ("eventTime", "eventTime"), ("series", "series"), ("reportingController", "reportingComponent"),
        ("reportingInstance", "reportingInstance"), ("action", "action"), ("reason", "reason"), ("regarding", "involvedObject"),
        ("related", "related"), ("note", "message"), ("type", "type"), ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ];

    public string StoragePrefix => "/registry/core/events/";

    public JsonObject ToStorage(JsonObject obj) => Map(obj, "v1", s_fields.Select(f => (From: f.Events, To: f.Core)));

    public JsonObject FromStorage(JsonObject stored) => Map(stored, "events.k8s.io/v1", s_fields.Select(f => (From: f.Core, To: f.Events)));

    private static JsonObject Map(JsonObject source, string apiVersion, IEnumerable<(string From, string To)> fields)
    {
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "Event" };
        foreach (var (from, to) in fields)
        {
            if (source[from] is { } value)
            {
                result[to] = value.DeepClone();
            }
        }
        return result;
    }
}
