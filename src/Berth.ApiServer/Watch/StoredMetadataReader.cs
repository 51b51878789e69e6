using System.Text.Json;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Watch;

/// <summary>
/// Reads a stored object's <see cref="CachedMetadata"/> in one forward pass over its bytes, and where
/// its metadata object ends, so the cache can serve the stored bytes with the resourceVersion spliced
/// in instead of parsing them into a tree and serializing it again (twice per write before).
/// </summary>
public static class StoredMetadataReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = ObjectCodec.MaxDepth };
    private static readonly Dictionary<string, string> NoLabels = [];
    private static readonly string[] NoStrings = [];

    /// <summary>
    /// False when the bytes are not what <see cref="ObjectCodec.Encode"/> writes (no metadata object,
    /// a stored resourceVersion, values of unexpected types, malformed JSON): the caller then takes the
    /// tree path, which keeps its behaviour for them.
    /// </summary>
    /// <param name="metadataEnd">The index of the metadata object's closing brace.</param>
    /// <param name="metadataEmpty">The metadata object has no members (no comma before an added one).</param>
    public static bool TryRead(ReadOnlySpan<byte> json, out CachedMetadata metadata, out int metadataEnd, out bool metadataEmpty)
    {
        metadata = null!;
        metadataEnd = -1;
        metadataEmpty = true;
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMetadata = reader.ValueTextEquals("metadata"u8);
                reader.Read();
                if (!isMetadata)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartObject || metadataEnd >= 0 || !TryReadMetadata(ref reader, out metadata, out metadataEmpty))
                {
                    return false;
                }
                metadataEnd = (int)reader.TokenStartIndex;
            }
            return metadataEnd >= 0 && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>From a metadata object's start to its end (the reader left on its closing brace).</summary>
    private static bool TryReadMetadata(ref Utf8JsonReader reader, out CachedMetadata metadata, out bool empty)
    {
        metadata = null!;
        empty = true;
        string? ns = null, name = null, uid = null;
        var deleting = false;
        Dictionary<string, string>? labels = null;
        List<string>? owners = null;
        List<string>? finalizers = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            empty = false;
            // Member names are compared as bytes: most are skipped, and none needs a string of its own.
            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case MetadataField.ResourceVersion:
                    return false;
                case MetadataField.Name:
                    name = StringOrNull(ref reader);
                    break;
                case MetadataField.Namespace:
                    ns = StringOrNull(ref reader);
                    break;
                case MetadataField.Uid:
                    uid = StringOrNull(ref reader);
                    break;
                case MetadataField.DeletionTimestamp:
                    deleting = reader.TokenType == JsonTokenType.String;
                    reader.Skip();
                    break;
                case MetadataField.Labels:
                    ReadLabels(ref reader, ref labels);
                    break;
                case MetadataField.Finalizers when reader.TokenType == JsonTokenType.StartArray:
                    if (!TryReadFinalizers(ref reader, finalizers ??= []))
                    {
                        return false;
                    }
                    break;
                case MetadataField.OwnerReferences when reader.TokenType == JsonTokenType.StartArray:
                    if (!TryReadOwnerUids(ref reader, owners ??= []))
                    {
                        return false;
                    }
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        metadata = new CachedMetadata(ns, name ?? "", uid ?? "", labels ?? NoLabels, (IReadOnlyList<string>?)owners ?? NoStrings, (IReadOnlyList<string>?)finalizers ?? NoStrings, deleting);
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private enum MetadataField
    {
        Other,
        ResourceVersion,
        Name,
        Namespace,
        Uid,
        DeletionTimestamp,
        Labels,
        Finalizers,
        OwnerReferences,
    }

    private static MetadataField Field(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("resourceVersion"u8) ? MetadataField.ResourceVersion
        : reader.ValueTextEquals("name"u8) ? MetadataField.Name
        : reader.ValueTextEquals("namespace"u8) ? MetadataField.Namespace
        : reader.ValueTextEquals("uid"u8) ? MetadataField.Uid
        : reader.ValueTextEquals("deletionTimestamp"u8) ? MetadataField.DeletionTimestamp
        : reader.ValueTextEquals("labels"u8) ? MetadataField.Labels
        : reader.ValueTextEquals("finalizers"u8) ? MetadataField.Finalizers
        : reader.ValueTextEquals("ownerReferences"u8) ? MetadataField.OwnerReferences
        : MetadataField.Other;

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    /// <summary>String values only, as <see cref="ObjectMetadata.StringMap"/> reads them.</summary>
    private static void ReadLabels(ref Utf8JsonReader reader, ref Dictionary<string, string>? labels)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                (labels ??= [])[key] = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Strings, null as "" (<see cref="ObjectMetadata.Finalizers"/>); anything else is left to the tree path.</summary>
    private static bool TryReadFinalizers(ref Utf8JsonReader reader, List<string> finalizers)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    finalizers.Add(reader.GetString()!);
                    break;
                case JsonTokenType.Null:
                    finalizers.Add("");
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>The non-empty string uids of object entries (<see cref="ObjectMetadata.OwnerUids"/>).</summary>
    private static bool TryReadOwnerUids(ref Utf8JsonReader reader, List<string> owners)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUid = reader.ValueTextEquals("uid"u8);
                reader.Read();
                if (!isUid || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }
                if (reader.GetString() is { Length: > 0 } uid)
                {
                    owners.Add(uid);
                }
            }
        }
        return true;
    }
}
