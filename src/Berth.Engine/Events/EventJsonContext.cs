using System.Text.Json.Serialization;

namespace Berth.Engine.Events;

/// <summary>Source-generated JSON for reading the events file: one compact object a line (<see cref="EngineEventWriter"/> writes them).</summary>
[JsonSerializable(typeof(EngineEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
