using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Berth.ApiServer.Objects;

/// <summary>Source-generated serialization of stored and served objects (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ObjectJsonContext : JsonSerializerContext;
