using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime.Spec;

/// <summary>Source-generated JSON for config.json: camelCase, nulls left out, as runtime-spec writes it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(ResourcesSpec))]
[JsonSerializable(typeof(IReadOnlyList<DeviceRule>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
