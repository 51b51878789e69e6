using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime.Spec;

/// <summary>
/// Source-generated JSON for the parts of a written config.json that `update` reads and replaces (resources, devices); the
/// whole spec is written by <see cref="RuntimeSpecWriter"/>, with the same options: camelCase, nulls left out, not indented.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourcesSpec))]
[JsonSerializable(typeof(IReadOnlyList<DeviceRule>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
