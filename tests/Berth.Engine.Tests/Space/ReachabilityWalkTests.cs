using System.Text;
using System.Text.Json;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Space;
using Berth.Engine.Store;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Space;

public sealed class ReachabilityWalkTests : IDisposable
{
    private readonly ImageStoreFixture _fixture = new();

    private ImageStore Store => _fixture.Store;

    [Fact]
    public async Task WalkAsync_ImageInIndex_ReachesItsManifestConfigLayersAndEverySnapshotOfItsChain()
    {
        ImageRecord image;
        using (var session = await Store.BeginWriteAsync())
        {
            image = await LayeredImages.CommitAsync(session, ["localhost/two:1"], "bottom", "top");
        }

        var reached = await Walk([image]);

        Assert.Equal(await LayeredImages.BlobsOfAsync(Store, image), reached.Blobs);
        Assert.Equal(2, reached.Snapshots.Count);
        Assert.Equal(Store.Snapshots.List().ToHashSet(), reached.Snapshots);
    }

    [Fact]
    public async Task WalkAsync_LayerSharedWithAnImageLeftOut_IsStillReachedThroughTheOther()
    {
        ImageRecord keep, drop;
        using (var session = await Store.BeginWriteAsync())
        {
            keep = await LayeredImages.CommitAsync(session, ["localhost/keep:1"], "shared", "mine");
            drop = await LayeredImages.CommitAsync(session, ["localhost/drop:1"], "shared", "theirs");
        }

        var reached = await Walk([keep]);

        var keepBlobs = await LayeredImages.BlobsOfAsync(Store, keep);
        var dropOnly = (await LayeredImages.BlobsOfAsync(Store, drop)).Except(keepBlobs).ToList();
        Assert.Equal(keepBlobs, reached.Blobs);
        Assert.Equal(3, dropOnly.Count); // its manifest, config and top layer; the base layer blob is shared
        Assert.Equal(3, Store.Snapshots.List().Count());
        Assert.Equal(2, reached.Snapshots.Count); // the shared base and keep's top
        Assert.Contains(Store.Snapshots.List(), s => !reached.Snapshots.Contains(s));
    }

    [Fact]
    public async Task WalkAsync_ImageWhoseManifestIsAnIndex_ReachesEveryManifestItLists()
    {
        ImageRecord a, b;
        using (var session = await Store.BeginWriteAsync())
        {
            a = await LayeredImages.CommitAsync(session, [], "amd64 layer");
            b = await LayeredImages.CommitAsync(session, [], "arm64 layer");
        }
        var index = new OciIndex
        {
            Manifests = [Descriptor(a.Manifest, MediaTypes.OciManifest), Descriptor(b.Manifest, MediaTypes.OciManifest)],
        };
        var indexDigest = await Store.Blobs.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Default.OciIndex), CancellationToken.None);
        var multi = a with { Manifest = indexDigest.ToString(), Names = ["localhost/multi:1"] };

        var reached = await Walk([multi]);

        var expected = (await LayeredImages.BlobsOfAsync(Store, a)).Union(await LayeredImages.BlobsOfAsync(Store, b)).Append(indexDigest).ToHashSet();
        Assert.Equal(expected, reached.Blobs);
        Assert.Equal(Store.Snapshots.List().ToHashSet(), reached.Snapshots);
    }

    [Fact]
    public async Task WalkAsync_ContainerOfAnImageNoLongerInTheIndex_ReachesItsConfigAndSnapshotsOnly()
    {
        ImageRecord image;
        using (var session = await Store.BeginWriteAsync())
        {
            image = await LayeredImages.CommitAsync(session, [], "one", "two");
        }

        var reached = await new ReachabilityWalk(Store.Blobs).WalkAsync([], [image.Id], CancellationToken.None);

        Assert.Equal([Digest.Parse(image.Id)], reached.Blobs);
        Assert.Equal(Store.Snapshots.List().ToHashSet(), reached.Snapshots);
    }

    [Fact]
    public async Task WalkAsync_MissingAndMalformedBlobs_ReachNothingFurtherAndDoNotThrow()
    {
        var missing = Digest.Of(Encoding.UTF8.GetBytes("never stored"));
        var garbage = await Store.Blobs.WriteAsync(Encoding.UTF8.GetBytes("{ not json"), CancellationToken.None);
        var badConfig = await Store.Blobs.WriteAsync(Encoding.UTF8.GetBytes("""{"rootfs":{"diff_ids":[42,"sha256:zz"]}}"""), CancellationToken.None);
        var records = new[]
        {
            Record(missing, missing),
            Record(garbage, badConfig),
            Record(badConfig, garbage),
        };

        var reached = await new ReachabilityWalk(Store.Blobs).WalkAsync(records, ["not a digest", missing.ToString()], CancellationToken.None);

        Assert.Equal(new HashSet<Digest> { missing, garbage, badConfig }, reached.Blobs);
        Assert.Empty(reached.Snapshots);
    }

    private Task<ReachableContent> Walk(IEnumerable<ImageRecord> images) =>
        new ReachabilityWalk(Store.Blobs).WalkAsync(images, [], CancellationToken.None);

    private static OciDescriptor Descriptor(string digest, string mediaType) => new() { MediaType = mediaType, Digest = digest, Size = 1 };

    private static ImageRecord Record(Digest manifest, Digest config) =>
        new() { Id = config.ToString(), Manifest = manifest.ToString(), Names = ["localhost/broken:1"] };

    public void Dispose() => _fixture.Dispose();
}
