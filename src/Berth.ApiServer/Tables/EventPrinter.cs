using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>
/// The event columns (LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN
/// COUNT NAME) for core/v1 and events.k8s.io/v1 events, whose field names differ.
/// </summary>
internal static class EventPrinter
{
    public static readonly IResourcePrinter Core = Create(
        involved: "involvedObject",
        reportingController: o => o.Str("source", "component") is { } c ? c + (o.Str("source", "host") is { } h ? ", " + h : "") : "",
        count: o => o.Int("series", "count") ?? o.Int("count") ?? 1,
        lastSeen: o => o.Str("series", "lastObservedTime") ?? o.Str("lastTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"),
        firstSeen: o => o.Str("firstTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"),
        message: o => o.Str("message") ?? "");

    public static readonly IResourcePrinter EventsV1 = Create(
        involved: "regarding",
        reportingController: o => o.Str("reportingController") ?? o.Str("deprecatedSource", "component") ?? "",
        count: o => o.Int("series", "count") ?? o.Int("deprecatedCount") ?? 1,
        lastSeen: o => o.Str("series", "lastObservedTime") ?? o.Str("deprecatedLastTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"),
        firstSeen: o => o.Str("deprecatedFirstTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"),
        message: o => o.Str("note") ?? "");

    private static ColumnPrinter Create(
        string involved,
        Func<JsonObject, string> reportingController,
        Func<JsonObject, long> count,
        Func<JsonObject, string?> lastSeen,
        Func<JsonObject, string?> firstSeen,
        Func<JsonObject, string> message) => new(
            new PrintedColumn(TableColumn.Text("Last Seen", "The time the event was last seen."), (o, now) => HumanDuration.Since(lastSeen(o), now)),
            PrintedColumn.Text("Type", "The type of this event (Normal, Warning).", o => o.Str("type") ?? ""),
            PrintedColumn.Text("Reason", "The reason for this event.", o => o.Str("reason") ?? ""),
            PrintedColumn.Text("Object", "The object this event is about.", o => $"{o.Str(involved, "kind")?.ToLowerInvariant()}/{o.Str(involved, "name")}"),
            PrintedColumn.Text("Subobject", "The subobject this event is about.", o => o.Str(involved, "fieldPath") ?? "", priority: 1),
            PrintedColumn.Text("Source", "The component reporting this event.", reportingController, priority: 1),
            PrintedColumn.Text("Message", "A human-readable description of the status of this operation.", message),
            new PrintedColumn(TableColumn.Text("First Seen", "The time the event was first seen.", priority: 1), (o, now) => HumanDuration.Since(firstSeen(o), now)),
            PrintedColumn.Integer("Count", "The number of times this event has occurred.", count, priority: 1),
            new PrintedColumn(TableColumn.Text("Name", "The name of this event.", priority: 1), (o, _) => o.Str("metadata", "name") ?? ""));
}
