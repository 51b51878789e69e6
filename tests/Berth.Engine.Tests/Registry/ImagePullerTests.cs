using System.Text;
using Berth.Engine.Images.Oci;
using Berth.Engine.Progress;
using Berth.Engine.Registry;
using Berth.Engine.Store;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Registry;

/// <summary>Pull's verification and fault handling, against a fake registry that misbehaves on demand.</summary>
public sealed class ImagePullerTests : IDisposable
{
    private readonly FakeRegistry _registry = new();
    private readonly ImageStoreFixture _store = new();
    private readonly string _authFile = Path.Combine(Path.GetTempPath(), $"berth-auth-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task PullAsync_TwoLayers_StoresImageWithRegistryManifestDigest()
    {
        var (manifest, _) = _registry.AddImage("app", "1", "amd64", "one", "two");

        var image = await PullAsync("app:1");

        Assert.Equal(manifest.ToString(), image.Manifest);
        Assert.Equal([$"{_registry.Domain}/app:1"], image.Names);
        var resolved = await _store.Store.ResolveAsync($"{_registry.Domain}/app:1");
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(resolved.LayerDirectories[1], "file1")));
    }

    [Theory]
    [InlineData("linux/amd64", "amd64")]
    [InlineData("linux/arm64/v8", "arm64")]
    public async Task PullAsync_ImageIndex_PicksTheRequestedPlatform(string platform, string architecture)
    {
        var (amd64, _) = _registry.AddImage("multi", "amd64-only", "amd64", "x86");
        var (arm64, _) = _registry.AddImage("multi", "arm64-only", "arm64", "arm");
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.DockerManifestList}}}","manifests":[
              {"mediaType":"{{{MediaTypes.DockerManifest}}}","digest":"{{{arm64}}}","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
              {"mediaType":"{{{MediaTypes.DockerManifest}}}","digest":"{{{amd64}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}
            """);
        _registry.PutManifest("multi", "latest", index, MediaTypes.DockerManifestList);

        var image = await PullAsync("multi", PlatformSpec.Parse(platform));

        var config = await _store.Store.ReadConfigAsync(image);
        Assert.Equal(architecture, config.Architecture);
    }

    [Fact]
    public async Task PullAsync_ByIndexDigest_ImageAnswersToThatDigest()
    {
        var (amd64, _) = _registry.AddImage("multi", "amd64-only", "amd64", "x86");
        var index = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[{"mediaType":"{{{MediaTypes.DockerManifest}}}","digest":"{{{amd64}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}""");
        var indexDigest = Digest.Of(index);
        _registry.PutManifest("multi", indexDigest.ToString(), index, MediaTypes.OciIndex);
        _registry.PutManifest("multi", "latest", index, MediaTypes.OciIndex);

        var image = await PullAsync($"multi@{indexDigest}");
        var again = await PullAsync("multi:latest");

        Assert.Equal(amd64.ToString(), image.Manifest);
        Assert.Equal(image.Id, (await _store.Store.FindAsync($"{_registry.Domain}/multi@{indexDigest}")).Id);
        Assert.Equal(image.Id, (await _store.Store.FindAsync(indexDigest.ToString())).Id);
        Assert.Equal([indexDigest.ToString()], again.Digests);
        Assert.Single(await _store.Store.ListAsync());
    }

    [Fact]
    public async Task PullAsync_PlatformNotInIndex_NamesWhatTheIndexHas()
    {
        var (amd64, _) = _registry.AddImage("multi", "a", "amd64", "x86");
        var index = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"manifests":[{"mediaType":"{{{MediaTypes.DockerManifest}}}","digest":"{{{amd64}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}""");
        _registry.PutManifest("multi", "latest", index, MediaTypes.OciIndex);

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("multi", PlatformSpec.Parse("linux/s390x")));

        Assert.Contains("no image for platform linux/s390x", error.Message);
        Assert.Contains("linux/amd64", error.Message);
    }

    [Fact]
    public async Task PullAsync_BlobWithWrongDigest_FailsAndStoresNothing()
    {
        var (_, layers) = _registry.AddImage("bad", "1", "amd64", "content");
        _registry.Corrupted.Add(layers[0]);

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("bad:1"));

        Assert.Contains($"fetching blob {layers[0]}: digest mismatch", error.Message);
        Assert.Empty(await _store.Store.ListAsync());
        Assert.False(_store.Store.Blobs.Exists(layers[0]));
    }

    [Fact]
    public async Task PullAsync_TruncatedTransfer_FailsThenNextPullFetchesOnlyWhatIsMissing()
    {
        var (_, layers) = _registry.AddImage("cut", "1", "amd64", new string('a', 100_000), new string('b', 100_000));
        _registry.TruncateOnce.Add(layers[1]);

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("cut:1"));
        var afterFailure = await _store.Store.ListAsync();
        var image = await PullAsync("cut:1");

        Assert.Contains($"fetching blob {layers[1]}", error.Message);
        Assert.Empty(afterFailure);
        Assert.Equal(1, _registry.CountRequests($"GET /v2/cut/blobs/{layers[0]}"));
        Assert.Equal(2, _registry.CountRequests($"GET /v2/cut/blobs/{layers[1]}"));
        Assert.Equal([$"{_registry.Domain}/cut:1"], image.Names);
    }

    [Fact]
    public async Task PullAsync_CancelledMidTransfer_LeavesNoImageAndNextPullFetchesOnlyWhatIsMissing()
    {
        var (_, layers) = _registry.AddImage("slow", "1", "amd64", "small", new string('z', 200_000));
        _registry.Stall.Add(layers[1]);
        using var interrupt = new CancellationTokenSource();

        var pulling = PullAsync("slow:1", cancellationToken: interrupt.Token);
        while (!_store.Store.Blobs.Exists(layers[0]) || _registry.CountRequests($"GET /v2/slow/blobs/{layers[1]}") == 0)
        {
            await Task.Delay(10);
        }
        interrupt.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pulling);
        var afterInterrupt = await _store.Store.ListAsync();
        _registry.Stall.Clear();
        var image = await PullAsync("slow:1");

        Assert.Empty(afterInterrupt);
        Assert.Equal(1, _registry.CountRequests($"GET /v2/slow/blobs/{layers[0]}"));
        Assert.Single(image.Names);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"schemaVersion":2,"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:nothex","size":1},"layers":[]}""")]
    [InlineData("""[1,2,3]""")]
    public async Task PullAsync_MalformedManifest_FailsWithOneLine(string manifest)
    {
        _registry.PutManifest("broken", "1", Encoding.UTF8.GetBytes(manifest), "application/json");

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("broken:1"));

        Assert.StartsWith("malformed manifest sha256:", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await _store.Store.ListAsync());
    }

    [Fact]
    public async Task PullAsync_PinnedDigestNotMatchingContent_IsRefused()
    {
        var other = Digest.Of("something else"u8);
        _registry.PutManifest("pin", other.ToString(), Encoding.UTF8.GetBytes("{}"), MediaTypes.DockerManifest);

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync($"pin@{other}"));

        Assert.Contains($"manifest digest mismatch: expected {other}", error.Message);
    }

    [Fact]
    public async Task PullAsync_ByDigest_StoresImageWithoutName()
    {
        var (manifest, _) = _registry.AddImage("pin", "1", "amd64", "x");

        var image = await PullAsync($"pin@{manifest}");

        Assert.Equal(manifest.ToString(), image.Manifest);
        Assert.Empty(image.Names);
    }

    [Fact]
    public async Task PullAsync_BearerChallenge_FetchesTokenAndRetries()
    {
        _registry.AddImage("secure", "1", "amd64", "x");
        _registry.BearerToken = "t0ken";

        var image = await PullAsync("secure:1");

        Assert.Single(image.Names);
        Assert.Contains(_registry.Requests, r => r.StartsWith("GET /token?service=fake&scope=repository%3Asecure%3Apull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PullAsync_Forbidden_ReportsDeniedAndStoresNothing()
    {
        _registry.AddImage("private", "1", "amd64", "x");
        _registry.Forbidden.Add("private");

        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("private:1"));

        Assert.Equal($"reading manifest 1 in {_registry.Domain}/private: denied: requested access to the resource is denied", error.Message);
        Assert.Empty(await _store.Store.ListAsync());
    }

    [Fact]
    public async Task PullAsync_UnknownTag_ReportsManifestUnknown()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => PullAsync("nothing:here"));

        Assert.Equal($"reading manifest here in {_registry.Domain}/nothing: manifest unknown", error.Message);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _store.Dispose();
        File.Delete(_authFile);
    }

    private Task<Berth.Engine.Images.ImageRecord> PullAsync(string name, PlatformSpec? platform = null, CancellationToken cancellationToken = default) =>
        new ImagePuller(_store.Store, new RegistryConnector(new AuthFile(_authFile)), NullTransferProgress.Instance)
            .PullAsync(RegistryReference.Parse($"{_registry.Domain}/{name}"), platform ?? PlatformSpec.Default, cancellationToken);
}
