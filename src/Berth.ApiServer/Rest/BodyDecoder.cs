using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Protobuf;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Turns a request body into a JSON object, by its Content-Type: JSON, YAML or Kubernetes protobuf.</summary>
public static class BodyDecoder
{
    public const string ProtobufMediaType = "application/vnd.kubernetes.protobuf";

    /// <param name="protoMessage">The protobuf message the body holds when it is protobuf (k8s.io.api.core.v1.ConfigMap).</param>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, string protoMessage)
    {
        var body = await RequestBody.ReadAsync(context);
        return body.Length == 0 ? throw ApiException.BadRequest("the request body is empty") : Audited(context, Decode(context, body, protoMessage));
    }

    /// <summary>
    /// Like <see cref="ReadObjectAsync"/>, with the paths of members a JSON body repeats (the
    /// parsed object keeps only the last), which field validation reports.
    /// </summary>
    public static async Task<DecodedBody> ReadCheckedAsync(HttpContext context, string protoMessage)
    {
        var body = await RequestBody.ReadAsync(context);
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        var decoded = RequestBody.MediaType(context) is "application/json" or "" ? DecodeJson(body) : new DecodedBody(Decode(context, body, protoMessage), []);
        Audited(context, decoded.Object);
        return decoded;
    }

    /// <summary>The object, handed to the request's audit recorder (which names the object a create's URL does not).</summary>
    private static JsonObject Audited(HttpContext context, JsonObject obj)
    {
        Auditing.AuditRecorder.Of(context)?.LogRequestObject(obj);
        return obj;
    }

    /// <summary>A JSON object body; repeated members keep their last value and are listed.</summary>
    public static DecodedBody DecodeJson(ReadOnlyMemory<byte> body)
    {
        var duplicates = DuplicateFields.Find(body.Span);
        if (duplicates.Count == 0)
        {
            return new DecodedBody(ObjectCodec.ParseObject(body), []);
        }
        try
        {
            return new DecodedBody(DuplicateFields.ParseLastWins(body.Span, ObjectCodec.MaxDepth) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object"), duplicates);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {ex.Message}");
        }
    }

    public static JsonObject Decode(HttpContext context, ReadOnlyMemory<byte> body, string protoMessage) => RequestBody.MediaType(context) switch
    {
        "application/json" or "" => ObjectCodec.ParseObject(body),
        "application/yaml" => YamlBody.ToJson(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object"),
        ProtobufMediaType => ProtobufDecoder.Decode(body.Span, protoMessage),
        _ => throw ApiException.UnsupportedMediaType(context.Request.ContentType ?? ""),
    };
}
