using System.Text;
using Berth.ApiServer.Http;
using Berth.ApiServer.Protobuf;

namespace Berth.ApiServer.Tests.Protobuf;

public class ProtobufDecoderTests
{
    [Fact]
    public void Decode_ConfigMapEnvelope_GivesItsJson()
    {
        var metadata = Message(Field(1, "cm1"), Field(3, "default"), Field(2, ""));
        var entry = Message(Field(1, "a"), Field(2, "b"));
        var configMap = Message(Field(1, metadata), Field(2, entry), Varint(4, 0));
        var body = Envelope("v1", "ConfigMap", configMap);

        var obj = ProtobufDecoder.Decode(body, "k8s.io.api.core.v1.ConfigMap");

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","namespace":"default"},"data":{"a":"b"},"immutable":false}""", obj.ToJsonString());
    }

    [Fact]
    public void Decode_IntOrStringAndZeroTime_FollowJsonForms()
    {
        var targetPort = Message(Varint(1, 1), Field(3, "http"));
        var port = Message(Varint(3, 80), Field(4, targetPort), Varint(5, 0));
        var spec = Message(Field(1, port));
        var metadata = Message(Field(1, "svc"), Field(8, Message()));
        var body = Envelope("v1", "Service", Message(Field(1, metadata), Field(2, spec)));

        var obj = ProtobufDecoder.Decode(body, "k8s.io.api.core.v1.Service");

        Assert.Equal("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},"spec":{"ports":[{"port":80,"targetPort":"http"}]}}""", obj.ToJsonString());
    }

    [Fact]
    public void Decode_EmbeddedStructs_AreInlinedAsJsonShowsThem()
    {
        var hostRoot = Message(Field(1, "host-root"), Field(2, Message(Field(1, Message(Field(1, "/"))))));
        var configMapKeyRef = Message(Field(1, Message(Field(1, "settings"))), Field(2, "mode"));
        var container = Message(Field(1, "debugger"), Field(2, "busybox"), Field(7, Message(Field(1, "MODE"), Field(3, Message(Field(3, configMapKeyRef))))));
        var body = Envelope("v1", "Pod", Message(Field(1, Message(Field(1, "dbg"))), Field(2, Message(Field(1, hostRoot), Field(2, container)))));

        var obj = ProtobufDecoder.Decode(body, "k8s.io.api.core.v1.Pod");

        Assert.Equal("""{"name":"host-root","hostPath":{"path":"/"}}""", obj["spec"]!["volumes"]![0]!.ToJsonString());
        Assert.Equal("""{"name":"settings","key":"mode"}""", obj["spec"]!["containers"]![0]!["env"]![0]!["valueFrom"]!["configMapKeyRef"]!.ToJsonString());
    }

    [Fact]
    public void Decode_Truncated_IsBadRequest()
    {
        var body = Envelope("v1", "ConfigMap", Message(Field(1, Message(Field(1, "cm1")))));

        var error = Assert.Throws<ApiException>(() => ProtobufDecoder.Decode(body[..^3], "k8s.io.api.core.v1.ConfigMap"));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void Decode_NoEnvelope_IsBadRequest()
    {
        var error = Assert.Throws<ApiException>(() => ProtobufDecoder.Decode("{}"u8, "k8s.io.api.core.v1.ConfigMap"));

        Assert.Equal(400, error.Code);
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8.ToArray(), .. Field(1, Message(Field(1, apiVersion), Field(2, kind))), .. Field(2, raw)];

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] value) => [.. VarintBytes((ulong)((number << 3) | 2)), .. VarintBytes((ulong)value.Length), .. value];

    private static byte[] Varint(int number, ulong value) => [.. VarintBytes((ulong)(number << 3)), .. VarintBytes(value)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
