using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Watch;
using Berth.Storage;

namespace Berth.ApiServer.Tests.Watch;

public class CachedObjectTests
{
    public static TheoryData<string> Objects => new()
    {
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"ns","uid":"u-1","labels":{"app":"web","tier":"a b"},"annotations":{"note":"<é> \"q\" \u2028 😀"}},"data":{"k":"line\nnext"}}""",
        """{"kind":"Pod","metadata":{"name":"p","finalizers":["example.com/a","example.com/b"],"ownerReferences":[{"uid":"owner-1","kind":"ReplicaSet"},{"kind":"X"},{"uid":""}],"deletionTimestamp":"2026-11-25T10:00:00Z"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""",
        """{"metadata":{},"data":{}}""",
        """{"data":{"metadata":{"name":"nested, not the object's"}},"metadata":{"name":"last","labels":{"n":1,"s":"x"},"generation":3}}""",
        """{"kind":"Namespace","metadata":{"name":"team","deletionTimestamp":null},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void From_EncodedObject_ServesTheTreePathsBytesAndMetadata(string json)
    {
        var kv = new KeyValue("/registry/core/configmaps/ns/cm", ObjectCodec.Encode(JsonNode.Parse(json)!.AsObject()), 5, 1234567);

        var cached = CachedObject.From(kv);

        Assert.True(StoredMetadataReader.TryRead(kv.Value, out _, out _, out _), "the codec's bytes take the splice path");
        Assert.Equal(ObjectCodec.Decode(kv).ToJsonString(), Encoding.UTF8.GetString(cached.Json));
        AssertLikeTreePath(kv, cached);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void WriteTo_SplicesTheSameBytesAsJson_AndKeepsTheStoredOnes(string json)
    {
        var kv = new KeyValue("/registry/core/configmaps/ns/cm", ObjectCodec.Encode(JsonNode.Parse(json)!.AsObject()), 5, 1234567);
        var cached = CachedObject.From(kv);
        var written = new ArrayBufferWriter<byte>();

        var length = cached.WriteTo(written);

        Assert.Same(kv.Value, cached.StoredBytes);
        Assert.Equal(written.WrittenCount, length);
        Assert.Equal(Encoding.UTF8.GetString(cached.Json), Encoding.UTF8.GetString(written.WrittenSpan));
        Assert.Equal(kv.ModRevision.ToString(), JsonNode.Parse(written.WrittenMemory.ToArray())!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    /// <summary>Other writers' bytes (etcd written by hand, whitespace) may keep their layout; the JSON is the same.</summary>
    [Theory]
    [InlineData("""{"kind":"ConfigMap","data":{}}""")]
    [InlineData("""{"metadata":{"name":"a","resourceVersion":"7","labels":{"x":"y"}}}""")]
    [InlineData("""{ "metadata" : { "name" : "spaced" } , "data" : { } }""")]
    public void From_BytesNotWrittenByTheCodec_ServesTheTreePathsBytesAndMetadata(string stored)
    {
        var kv = new KeyValue("/registry/core/configmaps/ns/a", Encoding.UTF8.GetBytes(stored), 5, 42);

        var cached = CachedObject.From(kv);
        var written = new ArrayBufferWriter<byte>();
        cached.WriteTo(written);

        AssertLikeTreePath(kv, cached);
        Assert.Equal(cached.Json, written.WrittenSpan.ToArray());
    }

    private static void AssertLikeTreePath(KeyValue kv, CachedObject cached)
    {
        var tree = ObjectCodec.Decode(kv);
        var expected = CachedMetadata.From(tree);
        Assert.Equal(JsonNode.Parse(tree.ToJsonString())!.ToJsonString(), JsonNode.Parse(cached.Json)!.ToJsonString());
        Assert.Equal(kv.ModRevision.ToString(), JsonNode.Parse(cached.Json)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(expected.Namespace, cached.Metadata.Namespace);
        Assert.Equal(expected.Name, cached.Metadata.Name);
        Assert.Equal(expected.Uid, cached.Metadata.Uid);
        Assert.Equal(expected.Labels.OrderBy(l => l.Key), cached.Metadata.Labels.OrderBy(l => l.Key));
        Assert.Equal(expected.OwnerUids, cached.Metadata.OwnerUids);
        Assert.Equal(expected.Finalizers, cached.Metadata.Finalizers);
        Assert.Equal(expected.Deleting, cached.Metadata.Deleting);
    }
}
