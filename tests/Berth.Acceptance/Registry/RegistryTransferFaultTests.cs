using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>
/// Faults on the way from the real registry: Ctrl-C and a cut connection in the middle of a
/// multi-layer pull (a <see cref="FaultProxy"/> slows or breaks the network, the registry stays real),
/// a blob corrupted in the registry's storage, manifests Berth must refuse. Each ends in one error
/// line and a store without a half image; after an interruption the next pull fetches only the rest.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RegistryTransferFaultTests(LayeredImageRegistry layered) : IClassFixture<LayeredImageRegistry>, IDisposable
{
    private const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string UniqueImage = "localhost/unique:1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempEngineRoot _root = new();

    private DockerRegistry Registry => layered.Registry;

    [Fact]
    public async Task Pull_CtrlCMidway_OneLineErrorNoHalfImageAndTheNextPullFetchesOnlyTheRest()
    {
        await using var proxy = new FaultProxy(Registry.Domain);
        proxy.Throttle(2 << 20); // about 3 s for the whole image
        var remote = $"{proxy.Domain}/{layered.Repository}";
        ProcessResult interrupted;
        using (var pull = new BerthProcess("--root", _root.Path, "pull", remote))
        {
            await proxy.WaitForBytesAsync(layered.BlobBytes / 2, Patience);
            await pull.InterruptAsync();
            interrupted = await pull.WaitAsync(Patience);
        }
        var imagesAfterInterrupt = await ImageIdsAsync();
        var snapshotsAfterInterrupt = Snapshots();
        var debris = Entries("tmp");
        proxy.Throttle(0);

        var (resumed, resumedBytes) = await PullCountingAsync(proxy, remote);

        RegistryFaultTests.AssertOneLineError(interrupted, "pull interrupted");
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Empty(imagesAfterInterrupt);
        Assert.Empty(debris);
        await AssertResumedAsync(resumed, resumedBytes, snapshotsAfterInterrupt, remote);
    }

    [Fact]
    public async Task Push_CtrlCMidway_OneLineErrorAndTheNextPushCompletesTheImage()
    {
        var id = await ImportUniqueImageAsync(_root, 6 << 20);
        await using var proxy = new FaultProxy(Registry.Domain);
        proxy.Throttle(2 << 20); // about 3 s for the layer
        var remote = $"{proxy.Domain}/interrupted{Random.Shared.Next():x}:1";
        ProcessResult interrupted;
        using (var push = new BerthProcess("--root", _root.Path, "push", UniqueImage, remote))
        {
            await proxy.WaitForUploadAsync(2 << 20, Patience);
            await push.InterruptAsync();
            interrupted = await push.WaitAsync(Patience);
        }
        proxy.Throttle(0);

        var pushed = await _root.BerthAsync("push", UniqueImage, remote);
        using var puller = new TempEngineRoot();
        var pulled = await puller.BerthAsync("pull", "-q", remote);

        RegistryFaultTests.AssertOneLineError(interrupted, "push interrupted");
        Assert.Equal(130, interrupted.ExitCode);
        Assert.True(pushed.ExitCode == 0, pushed.Stderr);
        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Assert.Equal(id, pulled.Stdout.Trim());
    }

    [Fact]
    public async Task Pull_ConnectionCutMidBlob_OneLineErrorNoHalfImageAndTheNextPullResumes()
    {
        await using var proxy = new FaultProxy(Registry.Domain);
        var remote = $"{proxy.Domain}/{layered.Repository}";
        proxy.CutAfter(layered.BlobBytes / 2);

        var cut = await _root.BerthAsync("pull", remote);
        var imagesAfterCut = await ImageIdsAsync();
        var snapshotsAfterCut = Snapshots();
        var debris = Entries("tmp");
        var (resumed, resumedBytes) = await PullCountingAsync(proxy, remote);

        RegistryFaultTests.AssertOneLineError(cut, "fetching blob sha256:");
        Assert.Empty(imagesAfterCut);
        Assert.Empty(debris);
        await AssertResumedAsync(resumed, resumedBytes, snapshotsAfterCut, remote);
    }

    /// <summary>The pull after a broken one: it succeeded, fetched at most ¾ of the image, kept the whole snapshots, and the image runs.</summary>
    private async Task AssertResumedAsync(ProcessResult resumed, long resumedBytes, IReadOnlyCollection<string> snapshotsBefore, string remote)
    {
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.InRange(resumedBytes, 1, layered.BlobBytes * 3 / 4);
        Assert.Equal(layered.LayerCount, Snapshots().Count);
        Assert.Subset(Snapshots().ToHashSet(), snapshotsBefore.ToHashSet());
        await AssertRunsAsync(remote);
    }

    [Fact]
    public async Task Pull_LayerCorruptedInTheRegistry_DigestMismatchAndNothingStored()
    {
        var remote = await PushUniqueImageAsync("corrupt");
        var layer = (await ReadManifestAsync(remote))["layers"]![0]!["digest"]!.GetValue<string>();
        var data = Registry.BlobDataPath(layer);
        var bytes = await File.ReadAllBytesAsync(data);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
        {
            bytes[i] ^= 0xff; // same size: only the digest can tell
        }
        await File.WriteAllBytesAsync(data, bytes);

        var pull = await _root.BerthAsync("pull", remote);

        RegistryFaultTests.AssertOneLineError(pull, $"fetching blob {layer}: digest mismatch");
        Assert.Empty(await ImageIdsAsync());
        Assert.DoesNotContain(layer["sha256:".Length..], Entries("blobs/sha256"));
        Assert.Empty(Snapshots());
        Assert.Empty(Entries("incoming/sha256"));
    }

    [Fact]
    public async Task Pull_ManifestWithNegativeLayerSize_MalformedManifestAndNothingStored()
    {
        var remote = await PushUniqueImageAsync("negative");
        var manifest = await ReadManifestAsync(remote);
        manifest["layers"]![0]!["size"] = -5;
        var bad = remote[..remote.LastIndexOf(':')] + ":negative";
        await PutManifestAsync(bad, Encoding.UTF8.GetBytes(manifest.ToJsonString()));

        var pull = await _root.BerthAsync("pull", bad);

        RegistryFaultTests.AssertOneLineError(pull, "malformed manifest sha256:");
        Assert.Contains("invalid descriptor", pull.Stderr);
        Assert.Empty(await ImageIdsAsync());
        Assert.Empty(Entries("blobs/sha256"));
    }

    [Fact]
    public async Task Pull_ManifestBodyNotJson_MalformedManifestAndNothingStored()
    {
        // The registry validates what it stores, so the broken body is made on the way: the proxy swaps
        // one byte of the manifest (and the digest headers, so only the parse can fail).
        await using var proxy = new FaultProxy(Registry.Domain);
        var original = await GetManifestBytesAsync($"{Registry.Domain}/{layered.Repository}");
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\"layers\":[", "\"layers\":{", StringComparison.Ordinal));
        Assert.NotEqual(original, broken);
        proxy.Rewrite(Encoding.ASCII.GetBytes("\"layers\":["), Encoding.ASCII.GetBytes("\"layers\":{"));
        proxy.Rewrite(Encoding.ASCII.GetBytes(Hex(original)), Encoding.ASCII.GetBytes(Hex(broken)));

        var pull = await _root.BerthAsync("pull", $"{proxy.Domain}/{layered.Repository}");

        RegistryFaultTests.AssertOneLineError(pull, $"malformed manifest sha256:{Hex(broken)}");
        Assert.Empty(await ImageIdsAsync());
        Assert.Empty(Entries("blobs/sha256"));
    }

    public void Dispose() => _root.Dispose();

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<(ProcessResult Result, long Bytes)> PullCountingAsync(FaultProxy proxy, string remote)
    {
        var before = proxy.BytesToClients;
        var result = await _root.BerthAsync("pull", remote);
        return (result, proxy.BytesToClients - before);
    }

    private async Task AssertRunsAsync(string remote)
    {
        var run = await _root.BerthAsync("run", "--rm", "--network", "none", remote, "wc", "-c", "/one", "/two");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"{2 << 20} /one", run.Stdout);
        Assert.Contains($"{2 << 20} /two", run.Stdout);
    }

    /// <summary>Pushes a one-layer image of random bytes (so no other test shares its blobs); returns its remote name.</summary>
    private async Task<string> PushUniqueImageAsync(string repository)
    {
        using var source = new TempEngineRoot();
        await ImportUniqueImageAsync(source, 256 << 10);
        var remote = $"{Registry.Domain}/{repository}{Random.Shared.Next():x}:1";
        Assert.Equal(0, (await source.BerthAsync("push", UniqueImage, remote)).ExitCode);
        return remote;
    }

    /// <summary>Imports <see cref="UniqueImage"/>: one layer holding <paramref name="size"/> random bytes; returns its id (hex).</summary>
    private static async Task<string> ImportUniqueImageAsync(TempEngineRoot root, int size)
    {
        var tarball = Path.Combine(root.Path, "unique.tar");
        await using (var file = File.Create(tarball))
        await using (var tar = new TarWriter(file, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "random") { DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(size)) });
        }
        var import = await root.BerthAsync("image", "import", tarball, UniqueImage);
        Assert.True(import.ExitCode == 0, import.Stderr);
        File.Delete(tarball);
        return import.Stdout.Trim();
    }

    private static async Task<JsonNode> ReadManifestAsync(string remote) => JsonNode.Parse(await GetManifestBytesAsync(remote))!;

    /// <summary>The manifest's bytes exactly as the registry stores them (its digest is theirs).</summary>
    private static async Task<byte[]> GetManifestBytesAsync(string remote)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, ManifestUrl(remote));
        request.Headers.Accept.Add(new(OciManifestType));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>PUTs a manifest straight to the registry, as any client may; fails the test if the registry refuses it.</summary>
    private static async Task PutManifestAsync(string remote, byte[] body)
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(OciManifestType);
        using var response = await http.PutAsync(ManifestUrl(remote), content);
        Assert.True(response.IsSuccessStatusCode, $"the registry refused the manifest: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>http://DOMAIN/v2/REPO/manifests/TAG for DOMAIN/REPO:TAG.</summary>
    private static string ManifestUrl(string remote)
    {
        var slash = remote.IndexOf('/');
        var colon = remote.LastIndexOf(':');
        return $"http://{remote[..slash]}/v2/{remote[(slash + 1)..colon]}/manifests/{remote[(colon + 1)..]}";
    }

    private async Task<IReadOnlyList<string>> ImageIdsAsync() =>
        (await _root.BerthAsync("images", "-a", "-q")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The snapshot directories (each with its size record, a file beside it).</summary>
    private List<string> Snapshots() => Names("snapshots", Directory.EnumerateDirectories);

    private List<string> Entries(string relative) => Names(relative, Directory.EnumerateFileSystemEntries);

    private List<string> Names(string relative, Func<string, IEnumerable<string>> list)
    {
        var dir = Path.Combine(_root.Path, relative);
        return Directory.Exists(dir) ? [.. list(dir).Select(Path.GetFileName).OfType<string>()] : [];
    }
}
