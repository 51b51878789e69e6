using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Berth.ApiServer.Objects;
using Berth.Storage;

namespace Berth.ApiServer.Watch;

/// <summary>
/// An object as the cache holds it: key, mod revision, served JSON (resourceVersion set) and the
/// metadata that selectors and the garbage collector read without parsing it again.
/// </summary>
/// <remarks>
/// The served JSON is the stored bytes with <c>"resourceVersion":"N"</c> added as metadata's last
/// member, the same bytes as decoding, setting it and serializing, without building a tree. It is
/// spliced on the way out (<see cref="WriteTo"/>) and made into one array only when a reader asks for
/// <see cref="Json"/>: most changes are only written to watchers, or to nobody.
/// </remarks>
public sealed class CachedObject
{
    private const int MaxMemberLength = 64;
    private readonly byte[] _stored;
    private readonly int _spliceAt;
    private readonly bool _metadataEmpty;
    private byte[]? _served;

    private CachedObject(string key, long modRevision, CachedMetadata metadata, byte[] stored, int spliceAt, bool metadataEmpty, byte[]? served)
    {
        Key = key;
        ModRevision = modRevision;
        Metadata = metadata;
        _stored = stored;
        _spliceAt = spliceAt;
        _metadataEmpty = metadataEmpty;
        _served = served;
    }

    public string Key { get; }

    public long ModRevision { get; }

    public CachedMetadata Metadata { get; }

    /// <summary>The served JSON, made on first use and kept.</summary>
    public byte[] Json => _served ??= Splice();

    /// <summary>
    /// The bytes as stored, without the resourceVersion (decoding sets it from the revision); for an
    /// object the cache could not read in one pass, the served JSON.
    /// </summary>
    public byte[] StoredBytes => _stored;

    public static CachedObject From(KeyValue kv)
    {
        if (StoredMetadataReader.TryRead(kv.Value, out var metadata, out var metadataEnd, out var metadataEmpty))
        {
            return new CachedObject(kv.Key, kv.ModRevision, metadata, kv.Value, metadataEnd, metadataEmpty, null);
        }
        var obj = ObjectCodec.Decode(kv);
        var served = JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject);
        return new CachedObject(kv.Key, kv.ModRevision, CachedMetadata.From(obj), served, -1, false, served);
    }

    /// <summary>Writes the served JSON without making it one array first; returns its length.</summary>
    public int WriteTo(IBufferWriter<byte> writer)
    {
        if (_served is { } served)
        {
            writer.Write(served);
            return served.Length;
        }
        Span<byte> member = stackalloc byte[MaxMemberLength];
        var length = ResourceVersionMember(member);
        writer.Write(_stored.AsSpan(0, _spliceAt));
        writer.Write(member[..length]);
        writer.Write(_stored.AsSpan(_spliceAt));
        return _stored.Length + length;
    }

    private byte[] Splice()
    {
        Span<byte> member = stackalloc byte[MaxMemberLength];
        var length = ResourceVersionMember(member);
        var served = new byte[_stored.Length + length];
        _stored.AsSpan(0, _spliceAt).CopyTo(served);
        member[..length].CopyTo(served.AsSpan(_spliceAt));
        _stored.AsSpan(_spliceAt).CopyTo(served.AsSpan(_spliceAt + length));
        return served;
    }

    /// <summary><c>,"resourceVersion":"N"</c> (no comma in an empty metadata object); returns its length.</summary>
    private int ResourceVersionMember(Span<byte> member)
    {
        var length = 0;
        if (!_metadataEmpty)
        {
            member[length++] = (byte)',';
        }
        "\"resourceVersion\":\""u8.CopyTo(member[length..]);
        length += "\"resourceVersion\":\""u8.Length;
        ModRevision.TryFormat(member[length..], out var digits, provider: CultureInfo.InvariantCulture);
        length += digits;
        member[length++] = (byte)'"';
        return length;
    }
}
