using Berth.Engine.Progress;
using Berth.Engine.Registry;
using Berth.Engine.Store;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Registry;

/// <summary>Push's upload protocol: HEAD to skip, cross-repository mounts, monolithic and chunked uploads, manifest by tag and digest.</summary>
public sealed class ImagePusherTests : IDisposable
{
    private readonly FakeRegistry _registry = new();
    private readonly ImageStoreFixture _store = new();
    private readonly string _authFile = Path.Combine(Path.GetTempPath(), $"berth-auth-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task PushAsync_NewImage_UploadsBlobsAndManifestUnderTagAndDigest()
    {
        var image = await _store.ImportAsync("localhost/app:1", "hello");
        var digest = Digest.Parse(image.Manifest);

        var pushed = await PushAsync("localhost/app:1", $"app:2@{digest}");

        Assert.Equal(digest, pushed);
        Assert.True(_registry.HasBlob(Digest.Parse(image.Id)));
        Assert.Equal(1, _registry.CountRequests("PUT /v2/app/manifests/2"));
        Assert.Equal(1, _registry.CountRequests($"PUT /v2/app/manifests/{digest}"));
        Assert.Empty(_registry.ContentRanges);
    }

    [Fact]
    public async Task PushAsync_BlobsAlreadyThere_SkipsUploads()
    {
        await _store.ImportAsync("localhost/app:1", "hello");
        await PushAsync("localhost/app:1", "app:1");
        var uploadsBefore = _registry.CountRequests("POST ");

        await PushAsync("localhost/app:1", "app:1");

        Assert.Equal(uploadsBefore, _registry.CountRequests("POST "));
    }

    [Fact]
    public async Task PushAsync_BlobLargerThanChunkSize_UploadsInOrderedChunks()
    {
        var content = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i * 7919 % 10007:x}"));
        var image = await _store.ImportAsync("localhost/big:1", content);
        var layer = (await _store.Store.ReadManifestAsync(image)).Layers[0];

        await PushAsync("localhost/big:1", "big:1", chunkSize: 4096);

        var ranges = _registry.ContentRanges.ToList();
        Assert.True(ranges.Count >= 2, $"expected several chunks, got {ranges.Count}");
        Assert.Equal("0-4095", ranges[0]);
        Assert.Equal("4096-8191", ranges[1]);
        Assert.Equal(_store.Store.Blobs.PathOf(Digest.Parse(layer.Digest)) is { } path ? await File.ReadAllBytesAsync(path) : [], _registry.Blob(Digest.Parse(layer.Digest)));
    }

    [Fact]
    public async Task PushAsync_ImageNamedInAnotherRepository_MountsInsteadOfUploading()
    {
        var image = await _store.ImportAsync($"{_registry.Domain}/source:1", "shared");
        await PushAsync($"{_registry.Domain}/source:1", "source:1");
        var layer = (await _store.Store.ReadManifestAsync(image)).Layers[0].Digest;
        var patchesAndPutsBefore = _registry.CountRequests("PUT /upload/");

        await PushAsync($"{_registry.Domain}/source:1", "target:1");

        Assert.Equal(1, _registry.CountRequests($"POST /v2/target/blobs/uploads/?mount={layer}&from=source"));
        Assert.Equal(patchesAndPutsBefore, _registry.CountRequests("PUT /upload/"));
    }

    [Fact]
    public async Task PushAsync_DigestOfAnotherManifest_IsRefused()
    {
        await _store.ImportAsync("localhost/app:1", "hello");
        var other = Digest.Of("other"u8);

        var error = await Assert.ThrowsAsync<BerthException>(() => PushAsync("localhost/app:1", $"app@{other}"));

        Assert.Contains("its manifest digest is", error.Message);
        Assert.Empty(_registry.Requests);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _store.Dispose();
        File.Delete(_authFile);
    }

    private Task<Digest> PushAsync(string source, string destination, long chunkSize = 32 << 20) =>
        new ImagePusher(_store.Store, new RegistryConnector(new AuthFile(_authFile)), NullTransferProgress.Instance) { ChunkSize = chunkSize }
            .PushAsync(source, RegistryReference.Parse($"{_registry.Domain}/{destination}"), CancellationToken.None);
}
