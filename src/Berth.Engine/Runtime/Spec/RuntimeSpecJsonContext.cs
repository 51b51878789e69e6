using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime.Spec;

/// <summary>
/// Source-generated JSON for config.json: camelCase, nulls left out, as runtime-spec writes it; not indented, as the runtime
/// is its only reader and the indented spec is twice the size for every container start to write and the runtime to parse.
/// The spec itself is only ever written, on the generator's serialization fast path: no metadata set-up for its every type
/// on each container start.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeSpec), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ResourcesSpec))]
[JsonSerializable(typeof(IReadOnlyList<DeviceRule>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
