using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime.Spec;

/// <summary>
/// Source-generated JSON for config.json: camelCase, nulls left out, as runtime-spec writes it; not indented, as the runtime
/// is its only reader and the indented spec is twice the size for every container start to write and the runtime to parse.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeSpec), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ResourcesSpec))]
[JsonSerializable(typeof(IReadOnlyList<DeviceRule>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
