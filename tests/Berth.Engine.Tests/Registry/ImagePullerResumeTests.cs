using Berth.Engine.Images;
using Berth.Engine.Progress;
using Berth.Engine.Registry;
using Berth.Engine.Store;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Registry;

/// <summary>Interrupted pulls resume with a Range request, and what pull tells its progress watcher.</summary>
public sealed class ImagePullerResumeTests : IDisposable
{
    private readonly FakeRegistry _registry = new();
    private readonly ImageStoreFixture _store = new();
    private readonly string _authFile = Path.Combine(Path.GetTempPath(), $"berth-auth-{Guid.NewGuid():N}.json");
    private readonly RecordingProgress _progress = new();

    [Fact]
    public async Task PullAsync_AfterTruncatedTransfer_AsksOnlyForTheRestAndVerifiesTheWhole()
    {
        var (_, layers) = _registry.AddImage("cut", "1", "amd64", "small", RandomText(300_000));
        _registry.TruncateOnce.Add(layers[1]);
        await Assert.ThrowsAsync<BerthException>(() => PullAsync("cut:1"));
        var kept = new FileInfo(IncomingBlob.PathOf(_store.Store.Layout, layers[1])).Length;

        var image = await PullAsync("cut:1");

        Assert.InRange(kept, 1, _registry.Blob(layers[1]).Length - 1);
        Assert.Equal(["", $"bytes={kept}-"], Ranges(layers[1]));
        Assert.Equal(Digest.Of(_registry.Blob(layers[1])), Digest.Of(await File.ReadAllBytesAsync(_store.Store.Blobs.PathOf(layers[1]))));
        Assert.False(File.Exists(IncomingBlob.PathOf(_store.Store.Layout, layers[1])));
        var resolved = await _store.Store.ResolveAsync(image.Id);
        Assert.Equal(300_000, new FileInfo(Path.Combine(resolved.LayerDirectories[1], "file1")).Length);
    }

    [Fact]
    public async Task PullAsync_RegistryIgnoresRange_StartsOverFromTheFirstByte()
    {
        var (_, layers) = _registry.AddImage("norange", "1", "amd64", RandomText(200_000));
        _registry.TruncateOnce.Add(layers[0]);
        await Assert.ThrowsAsync<BerthException>(() => PullAsync("norange:1"));
        _registry.IgnoreRange = true;

        var image = await PullAsync("norange:1");

        Assert.Equal(2, Ranges(layers[0]).Count);
        Assert.NotEqual("", Ranges(layers[0])[1]);
        Assert.True(_store.Store.Blobs.Exists(layers[0]));
        await _store.Store.ResolveAsync(image.Id);
    }

    [Fact]
    public async Task PullAsync_KeptBytesAreWrong_FetchesTheWholeBlobAgain()
    {
        var (_, layers) = _registry.AddImage("stale", "1", "amd64", RandomText(200_000));
        var incoming = IncomingBlob.PathOf(_store.Store.Layout, layers[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(incoming)!);
        await File.WriteAllBytesAsync(incoming, new byte[1000]);

        var image = await PullAsync("stale:1");

        Assert.Equal(["bytes=1000-", ""], Ranges(layers[0]));
        Assert.True(_store.Store.Blobs.Exists(layers[0]));
        Assert.False(File.Exists(incoming));
        await _store.Store.ResolveAsync(image.Id);
    }

    [Fact]
    public async Task PullAsync_WrongDigest_KeepsNoPartialFile()
    {
        var (_, layers) = _registry.AddImage("bad", "1", "amd64", RandomText(10_000));
        _registry.Corrupted.Add(layers[0]);

        await Assert.ThrowsAsync<BerthException>(() => PullAsync("bad:1"));

        Assert.False(File.Exists(IncomingBlob.PathOf(_store.Store.Layout, layers[0])));
        Assert.False(_store.Store.Blobs.Exists(layers[0]));
    }

    [Fact]
    public async Task PullAsync_Progress_StartedAdvancedFinishedPerBlobThenManifest()
    {
        var (manifest, layers) = _registry.AddImage("watched", "1", "amd64", RandomText(100_000));
        var size = _registry.Blob(layers[0]).Length;

        await PullAsync("watched:1");
        var again = new RecordingProgress();
        await PullAsync("watched:1", again);

        var events = _progress.Of(layers[0]);
        Assert.Equal($"started Layer {layers[0]} {size}", events[0]);
        Assert.Equal($"advanced {layers[0]} {size}", events[^2]);
        Assert.Equal($"finished {layers[0]} Copied", events[^1]);
        var advanced = events.Where(e => e.StartsWith("advanced", StringComparison.Ordinal)).Select(e => long.Parse(e.Split(' ')[2])).ToList();
        Assert.Equal(advanced.Order(), advanced);
        Assert.Equal($"manifest {manifest}", _progress.Events.Last());
        Assert.Contains(_progress.Events, e => e.StartsWith("finished", StringComparison.Ordinal) && !e.Contains(layers[0].ToString(), StringComparison.Ordinal));
        Assert.Equal([$"started Layer {layers[0]} {size}", $"finished {layers[0]} Skipped"], again.Of(layers[0]));
    }

    public void Dispose()
    {
        _registry.Dispose();
        _store.Dispose();
        File.Delete(_authFile);
    }

    /// <summary>Text that gzip cannot shrink much, so blobs are about as large as their content.</summary>
    private static string RandomText(int length) => Convert.ToBase64String(Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), length))[..length];

    private List<string> Ranges(Digest blob) => _registry.BlobRanges(blob);

    private Task<ImageRecord> PullAsync(string name, ITransferProgress? progress = null) =>
        new ImagePuller(_store.Store, new RegistryConnector(new AuthFile(_authFile)), progress ?? _progress)
            .PullAsync(RegistryReference.Parse($"{_registry.Domain}/{name}"), PlatformSpec.Default, CancellationToken.None);
}
