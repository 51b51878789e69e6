using System.Text.Json.Serialization;

namespace Berth.Engine.Events;

/// <summary>Source-generated JSON for the events file: one compact object a line.</summary>
[JsonSerializable(typeof(EngineEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;

/// <summary>
/// Writes events as <see cref="EventJsonContext"/> does, on the generator's serialization fast path: a process that only
/// appends events (every CLI verb that changes something) sets up no metadata for reading them.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(EngineEvent))]
internal sealed partial class EventWriteContext : JsonSerializerContext;
