using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.OpenApi;
using Berth.ApiServer.Protobuf;

namespace Berth.ApiServer.Tests.OpenApi;

/// <summary>The protobuf /openapi/v2, read back field by field as gnostic's openapi.v2 messages number them.</summary>
public sealed class OpenApiV2ProtobufTests
{
    /// <summary>Every length-delimited field of a message, by number, in order.</summary>
    private static List<(int Number, byte[] Bytes)> Fields(byte[] message)
    {
        var reader = new ProtoReader(message);
        var fields = new List<(int, byte[])>();
        while (reader.Next(out var number, out var wireType))
        {
            fields.Add((number, wireType == 2 ? reader.Bytes(wireType) : BitConverter.GetBytes(reader.Varint(wireType))));
        }
        return fields;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static byte[] Field(byte[] message, int number) => Fields(message).First(f => f.Number == number).Bytes;

    [Fact]
    public void Encode_WritesDefinitionsWithTypesPropertiesRefsAndExtensions()
    {
        var document = JsonNode.Parse("""
            {"swagger":"2.0","info":{"title":"Berth","version":"v1.32.0"},"paths":{"/api/v1/x":{}},
             "definitions":{"io.k8s.api.core.v1.ConfigMap":{"type":"object","description":"d",
               "properties":{"data":{"type":"object","additionalProperties":{"type":"string"}},
                             "items":{"type":"array","items":{"$ref":"#/definitions/other"}}},
               "x-kubernetes-group-version-kind":[{"group":"","kind":"ConfigMap","version":"v1"}]}}}
            """)!.AsObject();

        var bytes = OpenApiV2Protobuf.Encode(document);

        Assert.Equal([1, 2, 9], Fields(bytes).Select(f => f.Number));
        Assert.Equal("2.0", Text(Field(bytes, 1)));
        Assert.Equal(("Berth", "v1.32.0"), (Text(Field(Field(bytes, 2), 1)), Text(Field(Field(bytes, 2), 2))));
        var named = Field(Field(bytes, 9), 1);
        Assert.Equal("io.k8s.api.core.v1.ConfigMap", Text(Field(named, 1)));
        var schema = Field(named, 2);
        Assert.Equal("object", Text(Field(Field(schema, 22), 1)));
        Assert.Equal("d", Text(Field(schema, 4)));
        var extension = Field(schema, 31);
        Assert.Equal("x-kubernetes-group-version-kind", Text(Field(extension, 1)));
        Assert.Equal("""[{"group":"","kind":"ConfigMap","version":"v1"}]""", Text(Field(Field(extension, 2), 2)));
        var properties = Fields(Field(schema, 25)).Select(p => p.Bytes).ToList();
        Assert.Equal(["data", "items"], properties.Select(p => Text(Field(p, 1))));
        var mapValue = Field(Field(Field(properties[0], 2), 21), 1);
        Assert.Equal("string", Text(Field(Field(mapValue, 22), 1)));
        var arrayItem = Field(Field(Field(properties[1], 2), 23), 1);
        Assert.Equal("#/definitions/other", Text(Field(arrayItem, 1)));
    }
}
