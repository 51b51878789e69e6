using System.Text.Json.Serialization;

namespace Berth.Engine.Health;

/// <summary>Source-generated JSON for ROOT/containers/ID/healthcheck.log, in State.Health's field names.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(HealthState))]
public sealed partial class HealthJsonContext : JsonSerializerContext;
