using System.Text.Json.Nodes;
using Berth.ApiServer.Protobuf;

namespace Berth.ApiServer.OpenApi;

/// <summary>
/// The /openapi/v2 document in the protobuf form kubectl downloads (gnostic's openapi.v2.Document,
/// asked for as application/com.github.proto-openapi.spec.v2@v1.0+protobuf). kubectl reads it to
/// validate on the client what the v3 documents cannot vouch for, such as the items of a
/// `kind: List`: so the definitions are written in full (JSON Schema keys to their fields, x-
/// extensions as YAML, which JSON is), the paths not at all (v3 answers for them).
/// </summary>
public static class OpenApiV2Protobuf
{
    /// <summary>What kubectl's Accept names (application/com.github.proto-openapi.spec.v2@v1.0+protobuf, or .v1.0 before 1.14).</summary>
    public const string MediaTypeName = "com.github.proto-openapi.spec.v2";

    public static byte[] Encode(JsonObject document)
    {
        var definitions = new ProtoWriter();
        foreach (var (name, schema) in document["definitions"] as JsonObject ?? [])
        {
            definitions.Message(1, Named(name, Schema(schema as JsonObject ?? [])));
        }
        var info = document["info"] as JsonObject ?? [];
        return new ProtoWriter()
            .String(1, document["swagger"]?.GetValue<string>())
            .Message(2, new ProtoWriter().String(1, info["title"]?.GetValue<string>()).String(2, info["version"]?.GetValue<string>()))
            .Message(9, definitions)
            .ToArray();
    }

    /// <summary>openapi.v2.Schema: field numbers as gnostic's OpenAPIv2.proto gives them.</summary>
    private static ProtoWriter Schema(JsonObject schema)
    {
        var message = new ProtoWriter();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "$ref":
                    message.String(1, value!.GetValue<string>());
                    break;
                case "format":
                    message.String(2, value!.GetValue<string>());
                    break;
                case "title":
                    message.String(3, value!.GetValue<string>());
                    break;
                case "description":
                    message.String(4, value!.GetValue<string>());
                    break;
                case "required":
                    foreach (var field in value!.AsArray())
                    {
                        message.String(19, field!.GetValue<string>());
                    }
                    break;
                case "enum":
                    foreach (var item in value!.AsArray())
                    {
                        message.Message(20, Any(item));
                    }
                    break;
                case "additionalProperties":
                    message.Message(21, value is JsonObject sub
                        ? new ProtoWriter().Message(1, Schema(sub))
                        : new ProtoWriter().Bool(2, value!.GetValue<bool>()));
                    break;
                case "type":
                    message.Message(22, new ProtoWriter().String(1, value!.GetValue<string>()));
                    break;
                case "items":
                    message.Message(23, new ProtoWriter().Message(1, Schema(value!.AsObject())));
                    break;
                case "allOf":
                    foreach (var part in value!.AsArray())
                    {
                        message.Message(24, Schema(part!.AsObject()));
                    }
                    break;
                case "properties":
                    var properties = new ProtoWriter();
                    foreach (var (name, property) in value!.AsObject())
                    {
                        properties.Message(1, Named(name, Schema(property!.AsObject())));
                    }
                    message.Message(25, properties);
                    break;
                case "readOnly":
                    message.Bool(27, value!.GetValue<bool>());
                    break;
                case "default":
                    message.Message(5, Any(value));
                    break;
                case var extension when extension.StartsWith("x-", StringComparison.Ordinal):
                    message.Message(31, Named(extension, Any(value)));
                    break;
            }
        }
        return message;
    }

    /// <summary>A NamedAny or NamedSchema: name then value.</summary>
    private static ProtoWriter Named(string name, ProtoWriter value) => new ProtoWriter().String(1, name).Message(2, value);

    /// <summary>openapi.v2.Any: the value as YAML text (JSON is YAML), where kube-openapi reads extensions from.</summary>
    private static ProtoWriter Any(JsonNode? value) => new ProtoWriter().String(2, value?.ToJsonString() ?? "null");
}
