using System.Text.Json.Serialization;

namespace Berth.Engine.Events;

/// <summary>Source-generated JSON for the events file: one compact object a line.</summary>
[JsonSerializable(typeof(EngineEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
