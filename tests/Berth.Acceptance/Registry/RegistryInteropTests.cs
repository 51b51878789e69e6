using System.Text.Json;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>Interop is the proof: what Berth pushes, skopeo and Podman pull unchanged, and what skopeo pushes, Berth pulls and runs.</summary>
public sealed class RegistryInteropTests(DockerRegistry registry) : IClassFixture<DockerRegistry>, IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly string _repo = $"interop{Random.Shared.Next():x}";

    [Fact]
    public async Task BerthPush_SkopeoAndPodmanPull_SameManifestDigest()
    {
        var local = $"localhost/{_repo}:v1";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var remote = $"{registry.Domain}/{_repo}:v1";

        var push = await _root.BerthAsync("image", "push", local, remote);
        var layout = Path.Combine(_root.Path, "layout");
        // An imported layer is a plain tar, which skopeo would gzip for an OCI layout (a new manifest) unless told to keep digests.
        await DockerRegistry.RunAsync("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", $"docker://{remote}", $"oci:{layout}:v1");
        using var podman = new PodmanPeer();
        var podmanPull = await podman.RunAsync("pull", "--tls-verify=false", remote);
        var podmanDigest = await podman.RunAsync("image", "inspect", "--format", "{{.Digest}}", remote);

        Assert.Equal(0, push.ExitCode);
        var digest = push.Stdout.Trim();
        Assert.Equal(await StoredDigestAsync(local), digest);
        Assert.Equal(digest, JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
        Assert.Equal(0, podmanPull.ExitCode);
        Assert.Equal(digest, podmanDigest.Stdout.Trim());
    }

    [Fact]
    public async Task BerthPush_ImportedPlainLayer_PodmanAndBerthPullAndRun()
    {
        var local = $"localhost/{_repo}:plain";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var remote = $"{registry.Domain}/{_repo}:plain";
        var push = await _root.BerthAsync("image", "push", local, remote);
        var manifest = await DockerRegistry.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{remote}");
        using var podman = new PodmanPeer();
        var podmanPull = await podman.RunAsync("pull", "--tls-verify=false", remote);
        var podmanRun = await podman.RunAsync(["run", "--rm", .. PodmanPeer.RunOptions, remote, "cat", "/etc/group"]);
        using var other = new TempEngineRoot();
        var pull = await other.BerthAsync("pull", remote);
        var run = await other.BerthAsync("run", "--rm", "--network", "none", remote, "cat", "/etc/group");

        Assert.Equal(0, push.ExitCode);
        Assert.Equal("application/vnd.oci.image.layer.v1.tar", JsonDocument.Parse(manifest).RootElement.GetProperty("layers")[0].GetProperty("mediaType").GetString());
        Assert.Equal(0, podmanPull.ExitCode);
        Assert.Equal((0, "root:x:0:\nnogroup:x:65534:\n"), (podmanRun.ExitCode, podmanRun.Stdout));
        Assert.Equal(0, pull.ExitCode);
        Assert.Equal((0, "root:x:0:\nnogroup:x:65534:\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task BerthPush_ChunkedUpload_SkopeoReadsTheSameDigest()
    {
        var local = $"localhost/{_repo}:chunked";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var remote = $"{registry.Domain}/{_repo}:chunked";

        var push = await _root.BerthAsync("push", "--chunk-size", "65536", local, remote);
        var remoteDigest = await DockerRegistry.RunAsync("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{remote}");
        var layout = Path.Combine(_root.Path, "layout");
        var copy = await DockerRegistry.TryRunAsync("skopeo", "copy", "--src-tls-verify=false", $"docker://{remote}", $"oci:{layout}:x");

        Assert.Equal(0, push.ExitCode);
        Assert.Equal(push.Stdout.Trim(), remoteDigest.Trim());
        Assert.Equal(0, copy.ExitCode);
    }

    [Fact]
    public async Task SkopeoPush_BerthPullAndRun_PrintsTheImagesFile()
    {
        using var podman = new PodmanPeer();
        var tarball = Path.Combine(podman.Directory, "rootfs.tar");
        await TestImages.WriteBusyboxRootfsAsync(tarball);
        await podman.RunAsync("import", tarball, $"localhost/{_repo}:1");
        var archive = Path.Combine(podman.Directory, "image.tar");
        await podman.RunAsync("save", "--format", "docker-archive", "-o", archive, $"localhost/{_repo}:1");
        var remote = $"{registry.Domain}/{_repo}:fromskopeo";
        await DockerRegistry.RunAsync("skopeo", "copy", "--dest-tls-verify=false", $"docker-archive:{archive}", $"docker://{remote}");
        var remoteDigest = (await DockerRegistry.RunAsync("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{remote}")).Trim();

        var pull = await _root.BerthAsync("pull", remote);
        var run = await _root.BerthAsync("run", "--rm", "--network", "none", remote, "cat", "/etc/group");

        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(remoteDigest, await StoredDigestAsync(remote));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("root:x:0:\nnogroup:x:65534:\n", run.Stdout);
    }

    [Fact]
    public async Task PodmanPushedGzipLayer_BerthImageTreeAndInspect_ShowTheSizesPodmanShows()
    {
        using var pusher = new PodmanPeer();
        var tarball = Path.Combine(pusher.Directory, "rootfs.tar");
        await TestImages.WriteBusyboxRootfsAsync(tarball);
        await pusher.RunAsync("import", tarball, $"localhost/{_repo}:1");
        var remote = $"{registry.Domain}/{_repo}:gzip";
        var push = await pusher.RunAsync("push", "--tls-verify=false", $"localhost/{_repo}:1", $"docker://{remote}");
        var manifest = JsonDocument.Parse(await DockerRegistry.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{remote}")).RootElement;
        using var podman = new PodmanPeer();
        await podman.RunAsync("pull", "--tls-verify=false", remote);
        var podmanTree = await podman.RunAsync("image", "tree", remote);
        var podmanSize = await podman.RunAsync("image", "inspect", "--format", "{{.Size}}", remote);

        var pull = await _root.BerthAsync("pull", remote);
        var tree = await _root.BerthAsync("image", "tree", remote);
        var size = await _root.BerthAsync("image", "inspect", "--format", "{{.Size}}", remote);

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", manifest.GetProperty("layers")[0].GetProperty("mediaType").GetString());
        Assert.True(podmanTree.ExitCode == 0, podmanTree.Stderr);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.True(tree.ExitCode == 0, tree.Stderr);
        // The layer line has the unpacked layer's size (not the gzip blob's); the image's adds the config and the manifest twice.
        Assert.Equal(podmanTree.Stdout, tree.Stdout);
        Assert.Equal((0, podmanSize.Stdout), (size.ExitCode, size.Stdout));
    }

    [Fact]
    public async Task PushToSecondRepository_MountsTheLayersAndSecondPushSkipsThem()
    {
        var local = $"localhost/{_repo}:m";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var first = $"{registry.Domain}/{_repo}-a:1";
        await _root.BerthAsync("push", local, first);
        using var other = new TempEngineRoot();
        await other.BerthAsync("pull", first);

        var mount = await other.BerthAsync("push", first, $"{registry.Domain}/{_repo}-b:1");
        var again = await other.BerthAsync("push", first, $"{registry.Domain}/{_repo}-b:1");

        Assert.Equal(0, mount.ExitCode);
        Assert.Contains("mounted from another repository", mount.Stderr);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("done", again.Stderr);
        Assert.Contains("skipped: already exists", again.Stderr);
    }

    [Fact]
    public async Task PullByDigest_PinnedManifest_IsStored()
    {
        var local = $"localhost/{_repo}:d";
        await TestImages.ImportBusyboxAsync(_root.Path, local);
        var digest = (await _root.BerthAsync("push", local, $"{registry.Domain}/{_repo}:d")).Stdout.Trim();
        using var other = new TempEngineRoot();

        var pull = await other.BerthAsync("pull", $"{registry.Domain}/{_repo}@{digest}");
        var inspect = await other.BerthAsync("image", "inspect", $"{registry.Domain}/{_repo}@{digest}");

        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Equal(digest, JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Digest").GetString());
    }

    public void Dispose() => _root.Dispose();

    private async Task<string> StoredDigestAsync(string reference)
    {
        var inspect = await _root.BerthAsync("image", "inspect", reference);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Digest").GetString()!;
    }
}
