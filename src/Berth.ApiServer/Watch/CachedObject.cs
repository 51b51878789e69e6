using System.Globalization;
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
    /// <summary>
    /// The served JSON is the stored bytes with <c>"resourceVersion":"N"</c> added as metadata's last
    /// member, the same bytes as decoding, setting it and serializing, without building a tree.
    /// </summary>
    public static CachedObject From(KeyValue kv)
    {
        if (StoredMetadataReader.TryRead(kv.Value, out var metadata, out var metadataEnd, out var metadataEmpty))
        {
            return new CachedObject(kv.Key, kv.ModRevision, WithResourceVersion(kv.Value, metadataEnd, metadataEmpty, kv.ModRevision), metadata);
        }
        var obj = ObjectCodec.Decode(kv);
        return new CachedObject(kv.Key, kv.ModRevision, JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject), CachedMetadata.From(obj));
    }

    private static byte[] WithResourceVersion(byte[] stored, int metadataEnd, bool metadataEmpty, long revision)
    {
        Span<byte> member = stackalloc byte[64];
        var length = 0;
        if (!metadataEmpty)
        {
            member[length++] = (byte)',';
        }
        "\"resourceVersion\":\""u8.CopyTo(member[length..]);
        length += "\"resourceVersion\":\""u8.Length;
        revision.TryFormat(member[length..], out var digits, provider: CultureInfo.InvariantCulture);
        length += digits;
        member[length++] = (byte)'"';
        var served = new byte[stored.Length + length];
        stored.AsSpan(0, metadataEnd).CopyTo(served);
        member[..length].CopyTo(served.AsSpan(metadataEnd));
        stored.AsSpan(metadataEnd).CopyTo(served.AsSpan(metadataEnd + length));
        return served;
    }
}
