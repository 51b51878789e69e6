using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Client.Serialization;

/// <summary>Deep copies of models (cached objects are shared and never changed in place).</summary>
public static class ModelCopy
{
    public static T Clone<T>(T obj, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(obj, type), type)!;
}
