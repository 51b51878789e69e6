using System.Text.Json.Serialization;

namespace Berth.Engine.Pods;

/// <summary>Source-generated JSON for pod records (the CLI is Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PodRecord))]
[JsonSerializable(typeof(string[]))]
public sealed partial class PodRecordJsonContext : JsonSerializerContext;
