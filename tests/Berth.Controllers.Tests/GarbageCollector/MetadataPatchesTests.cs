using Berth.Controllers.GarbageCollector;
using k8s.Models;

namespace Berth.Controllers.Tests.GarbageCollector;

public sealed class MetadataPatchesTests
{
    private static V1ObjectMeta Meta(IList<V1OwnerReference>? owners = null, IList<string>? finalizers = null) => new()
    {
        Name = "x",
        Uid = "u1",
        ResourceVersion = "42",
        OwnerReferences = owners,
        Finalizers = finalizers,
    };

    private static V1OwnerReference Ref(string uid, bool? block = true) => new() { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = uid, Uid = uid, Controller = true, BlockOwnerDeletion = block };

    [Fact]
    public void WithoutOwners_KeepsTheOthersAndNamesTheResourceVersion()
    {
        var patch = MetadataPatches.WithoutOwners(Meta([Ref("a"), Ref("b")]), ["a"]);

        Assert.Equal(
            """{"metadata":{"uid":"u1","resourceVersion":"42","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"b","controller":true,"blockOwnerDeletion":true}]}}""",
            patch!.ToJsonString());
    }

    [Fact]
    public void WithoutOwners_LastOne_RemovesTheField()
    {
        var patch = MetadataPatches.WithoutOwners(Meta([Ref("a")]), ["a"]);

        Assert.Equal("""{"metadata":{"uid":"u1","resourceVersion":"42","ownerReferences":null}}""", patch!.ToJsonString());
    }

    [Fact]
    public void WithoutOwners_NotReferenced_IsNothing() => Assert.Null(MetadataPatches.WithoutOwners(Meta([Ref("a")]), ["z"]));

    [Fact]
    public void Unblocked_ClearsEveryBlockingReference()
    {
        var patch = MetadataPatches.Unblocked(Meta([Ref("a"), Ref("b", block: null)]));

        Assert.Contains("\"name\":\"a\",\"uid\":\"a\",\"controller\":true,\"blockOwnerDeletion\":false", patch!.ToJsonString());
        Assert.Contains("\"name\":\"b\",\"uid\":\"b\",\"controller\":true}", patch.ToJsonString());
        Assert.Null(MetadataPatches.Unblocked(Meta([Ref("a", block: false)])));
    }

    [Fact]
    public void WithoutFinalizer_KeepsOthersOrRemovesTheField()
    {
        Assert.Equal("""{"metadata":{"uid":"u1","resourceVersion":"42","finalizers":["keep"]}}""",
            MetadataPatches.WithoutFinalizer(Meta(finalizers: ["orphan", "keep"]), "orphan")!.ToJsonString());
        Assert.Equal("""{"metadata":{"uid":"u1","resourceVersion":"42","finalizers":null}}""",
            MetadataPatches.WithoutFinalizer(Meta(finalizers: ["orphan"]), "orphan")!.ToJsonString());
        Assert.Null(MetadataPatches.WithoutFinalizer(Meta(finalizers: ["keep"]), "orphan"));
    }
}
