using System.Text.Json.Serialization;

namespace Berth.Engine.Build;

/// <summary>Source-generated JSON for exec-form arguments.</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class BuildJson : JsonSerializerContext;
