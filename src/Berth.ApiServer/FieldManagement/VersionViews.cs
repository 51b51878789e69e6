using System.Text.Json.Nodes;
using Berth.ApiServer.Conversion;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// The API versions one stored object is served in, so that a write compares fields in each
/// manager's own version (as structured-merge-diff converts the object to every manager's
/// apiVersion): core/v1 and events.k8s.io/v1 Events.
/// </summary>
public static class VersionViews
{
    private const string CoreEvents = "v1";
    private const string EventsV1 = "events.k8s.io/v1";
    private static readonly EventsV1Conversion s_events = new();

    /// <summary>
    /// <paramref name="obj"/> (of <paramref name="fromApiVersion"/>) as <paramref name="toApiVersion"/>
    /// shows it with that version's schema; null when the kind has no such view.
    /// </summary>
    public static (JsonObject? Object, ModelSchema Schema)? Convert(JsonObject? obj, string kind, string fromApiVersion, string toApiVersion) =>
        (kind, fromApiVersion, toApiVersion) switch
        {
            ("Event", EventsV1, CoreEvents) => (obj is null ? null : s_events.ToStorage(obj), ModelSchema.For(typeof(Corev1Event))),
            ("Event", CoreEvents, EventsV1) => (obj is null ? null : s_events.FromStorage(obj), ModelSchema.For(typeof(Eventsv1Event))),
            _ => null,
        };
}
