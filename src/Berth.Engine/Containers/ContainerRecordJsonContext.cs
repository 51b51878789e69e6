using System.Text.Json.Serialization;

namespace Berth.Engine.Containers;

/// <summary>Source-generated JSON for container records: the CLI reads one on every command (<see cref="ContainerRecordWriter"/> writes them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
public sealed partial class ContainerRecordJsonContext : JsonSerializerContext;
