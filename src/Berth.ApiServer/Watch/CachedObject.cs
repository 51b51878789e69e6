using System.Text.Json;
using Berth.ApiServer.Objects;
using Berth.Storage;

namespace Berth.ApiServer.Watch;

/// <summary>
/// An object as the cache holds it: key, mod revision, served JSON (resourceVersion set) and the
/// metadata that selectors and the garbage collector read without parsing it again.
/// </summary>
public sealed record CachedObject(string Key, long ModRevision, byte[] Json, CachedMetadata Metadata)
{
    public static CachedObject From(KeyValue kv)
    {
        var obj = ObjectCodec.Decode(kv);
        return new CachedObject(kv.Key, kv.ModRevision, JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject), CachedMetadata.From(obj));
    }
}
