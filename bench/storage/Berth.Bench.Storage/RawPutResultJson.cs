using System.Text.Json.Serialization;

namespace Berth.Bench.Storage;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RawPutResult))]
internal sealed partial class RawPutResultJson : JsonSerializerContext;
