using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.Storage;

namespace Berth.ApiServer.Objects;

/// <summary>
/// Turns objects into stored bytes and back. The stored form has no <c>resourceVersion</c>: it is
/// the key's mod revision, set on the way out (as the Kubernetes etcd3 store does).
/// </summary>
public static class ObjectCodec
{
    /// <summary>Deeper documents are rejected with 400; Kubernetes objects nest far less.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static byte[] Encode(JsonObject obj)
    {
        var metadata = ObjectMetadata.Of(obj);
        var resourceVersion = metadata["resourceVersion"];
        metadata.Remove("resourceVersion");
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject);
        }
        finally
        {
            if (resourceVersion is not null)
            {
                metadata["resourceVersion"] = resourceVersion;
            }
        }
    }

    public static JsonObject Decode(KeyValue kv)
    {
        var obj = JsonNode.Parse(kv.Value, documentOptions: DocumentOptions) as JsonObject
            ?? throw ApiException.Internal($"stored object {kv.Key} is not a JSON object");
        ObjectMetadata.Set(obj, "resourceVersion", kv.ModRevision.ToString());
        return obj;
    }

    /// <summary>Parses a request body; malformed or too deeply nested JSON is a 400.</summary>
    public static JsonNode ParseBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span, documentOptions: DocumentOptions)
                ?? throw ApiException.BadRequest("the request body is empty");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {ex.Message}");
        }
    }

    public static JsonObject ParseObject(ReadOnlyMemory<byte> body) =>
        ParseBody(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
}
