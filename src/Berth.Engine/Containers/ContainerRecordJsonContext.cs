using System.Text.Json.Serialization;

namespace Berth.Engine.Containers;

/// <summary>Source-generated JSON for container records: the CLI reads one on every command.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
public sealed partial class ContainerRecordJsonContext : JsonSerializerContext;

/// <summary>
/// Writes container records as <see cref="ContainerRecordJsonContext"/> does (the same options), on the generator's
/// serialization fast path: a process that only writes records (a foreground `run --rm`) sets up no metadata for the
/// record's every type, which took a tenth of such a run's CPU.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Serialization, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class ContainerRecordWriteContext : JsonSerializerContext;
