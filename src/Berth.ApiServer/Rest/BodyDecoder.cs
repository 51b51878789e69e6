using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Turns a create/update body into a JSON object, by its Content-Type (JSON or YAML).</summary>
public static class BodyDecoder
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var mediaType = RequestBody.MediaType(context);
        var body = await RequestBody.ReadAsync(context);
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        return mediaType switch
        {
            "application/json" or "" => ObjectCodec.ParseObject(body),
            "application/yaml" => YamlBody.ToJson(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object"),
            _ => throw ApiException.UnsupportedMediaType(context.Request.ContentType ?? ""),
        };
    }
}
