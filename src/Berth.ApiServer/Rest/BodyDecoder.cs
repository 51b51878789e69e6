using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Protobuf;
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
        return body.Length == 0 ? throw ApiException.BadRequest("the request body is empty") : Decode(context, body, protoMessage);
    }

    public static JsonObject Decode(HttpContext context, ReadOnlyMemory<byte> body, string protoMessage) => RequestBody.MediaType(context) switch
    {
        "application/json" or "" => ObjectCodec.ParseObject(body),
        "application/yaml" => YamlBody.ToJson(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object"),
        ProtobufMediaType => ProtobufDecoder.Decode(body.Span, protoMessage),
        _ => throw ApiException.UnsupportedMediaType(context.Request.ContentType ?? ""),
    };
}
