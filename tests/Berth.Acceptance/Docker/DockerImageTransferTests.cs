using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Docker;

/// <summary>
/// The real docker CLI's image transfers on Berth's socket: push to the local docker-registry and pull back, search its
/// catalog, save | load, image prune with filters, system df; and their bad input (an unreachable registry, a body
/// that is no archive).
/// </summary>
public sealed class DockerImageTransferTests(DockerSocket socket, DockerRegistry registry) : IClassFixture<DockerSocket>, IClassFixture<DockerRegistry>, IAsyncLifetime
{
    private readonly string _repo = $"dockerpush{Random.Shared.Next():x}";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Push_ToTheLocalRegistry_IsSearchableAndPullsBack()
    {
        var remote = $"{registry.Domain}/{_repo}:v1";
        var tag = await socket.DockerAsync("tag", DockerSocket.Image, remote);

        var push = await socket.DockerAsync("push", remote);
        var search = await socket.DockerAsync("search", "--format", "{{.Name}}", $"{registry.Domain}/{_repo[..8]}");
        var rmi = await socket.DockerAsync("rmi", remote);
        var pull = await socket.DockerAsync("pull", remote);
        var run = await socket.DockerAsync("run", "--rm", "--network", "none", remote, "cat", "/etc/group");

        Assert.True(tag.ExitCode == 0, tag.Stderr);
        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Contains($"The push refers to repository [{registry.Domain}/{_repo}]", push.Stdout);
        Assert.Matches(@"v1: digest: sha256:[0-9a-f]{64} size: \d+", push.Stdout);
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.Contains($"{registry.Domain}/{_repo}", search.Stdout.Split('\n'));
        Assert.Contains($"Untagged: {remote}", rmi.Stdout);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Equal((0, "root:x:0:\nnogroup:x:65534:\n"), (run.ExitCode, run.Stdout));
    }

    [Fact]
    public async Task Push_UnreachableRegistry_FailsWithTheReasonInTheStream()
    {
        var remote = $"127.0.0.1:1/{_repo}:v1";
        await socket.DockerAsync("tag", DockerSocket.Image, remote);

        var push = await socket.DockerAsync("push", remote);
        var search = await socket.DockerAsync("search", $"127.0.0.1:1/{_repo}");
        var missing = await socket.DockerAsync("push", $"{registry.Domain}/{_repo}-none:v1");
        await socket.DockerAsync("rmi", remote);

        Assert.Equal(1, push.ExitCode);
        Assert.Contains("cannot reach 127.0.0.1:1", push.Stderr);
        Assert.Equal(1, search.ExitCode);
        Assert.Contains("Error response from daemon: searching 127.0.0.1:1: cannot reach 127.0.0.1:1", search.Stderr);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"An image does not exist locally with the tag: {registry.Domain}/{_repo}-none:v1", missing.Stderr);
    }

    [Fact]
    public async Task SaveAndLoad_ThroughAPipe_RoundTripTheImage()
    {
        var name = $"localhost/{_repo}:saved";
        await socket.DockerAsync("tag", DockerSocket.Image, name);
        var archive = Path.Combine(socket.Root, $"{_repo}.tar");

        var save = await socket.DockerAsync("save", "-o", archive, name);
        var rmi = await socket.DockerAsync("rmi", name);
        var load = await socket.DockerAsync("load", "-i", archive);
        var piped = await socket.ShellAsync($"docker save {name} | docker load -q");
        var run = await socket.DockerAsync("run", "--rm", "--network", "none", name, "cat", "/etc/group");
        var garbage = await socket.ShellAsync("head -c 4096 /dev/zero | tr '\\0' x | docker load");
        File.Delete(archive);

        Assert.True(save.ExitCode == 0, save.Stderr);
        Assert.Contains($"Untagged: {name}", rmi.Stdout);
        Assert.Equal((0, $"Loaded image: {name}\n"), (load.ExitCode, load.Stdout));
        Assert.Equal((0, $"Loaded image: {name}\n"), (piped.ExitCode, piped.Stdout));
        Assert.Equal("root:x:0:\nnogroup:x:65534:\n", run.Stdout);
        Assert.Equal(1, garbage.ExitCode);
        Assert.Contains("Error processing tar file", garbage.Stderr);
    }

    [Fact]
    public async Task ImagePrune_DanglingThenByLabel_RemovesOnlyWhatTheFiltersSelect()
    {
        var dangling = await socket.DockerWithStdinAsync($"FROM {DockerSocket.Image}\nLABEL purpose=dangling\n", "build", "-q", "-");
        var tagged = await socket.DockerWithStdinAsync($"FROM {DockerSocket.Image}\nLABEL purpose=prune\n", "build", "-q", "-t", $"localhost/{_repo}:prune", "-");

        var pruneDangling = await socket.DockerAsync("image", "prune", "-f");
        var pruneOther = await socket.DockerAsync("image", "prune", "-a", "-f", "--filter", "label=purpose=other");
        var pruneLabelled = await socket.DockerAsync("image", "prune", "-a", "-f", "--filter", "label=purpose=prune");
        var badFilter = await socket.DockerAsync("image", "prune", "-f", "--filter", "colour=red");
        var images = await socket.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}");

        Assert.True(dangling.ExitCode == 0, dangling.Stderr);
        Assert.True(tagged.ExitCode == 0, tagged.Stderr);
        Assert.Contains($"deleted: {dangling.Stdout.Trim()}", pruneDangling.Stdout);
        Assert.DoesNotContain(tagged.Stdout.Trim(), pruneDangling.Stdout);
        Assert.DoesNotContain("deleted:", pruneOther.Stdout);
        Assert.Contains($"untagged: localhost/{_repo}:prune", pruneLabelled.Stdout);
        Assert.Contains($"deleted: {tagged.Stdout.Trim()}", pruneLabelled.Stdout);
        Assert.Contains("Total reclaimed space:", pruneLabelled.Stdout);
        Assert.Equal(1, badFilter.ExitCode);
        Assert.Contains("invalid filter 'colour'", badFilter.Stderr);
        Assert.Contains(DockerSocket.Image, images.Stdout.Split('\n'));
    }

    [Fact]
    public async Task SystemDf_CountsImagesContainersAndVolumes()
    {
        var volume = $"{_repo}vol";
        await socket.DockerAsync("volume", "create", volume);
        var created = await socket.DockerAsync("create", "--network", "none", "-v", $"{volume}:/data", DockerSocket.Image, "true");

        var df = await socket.DockerAsync("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}");
        var table = await socket.DockerAsync("system", "df");
        await socket.DockerAsync("rm", created.Stdout.Trim());
        await socket.DockerAsync("volume", "rm", volume);

        Assert.True(df.ExitCode == 0, df.Stderr);
        var rows = df.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Containers 1 0", rows);
        Assert.Contains("Local Volumes 1 1", rows);
        Assert.Contains("Build Cache 0 0", rows);
        Assert.Matches(@"^Images \d+ 1$", rows[0]);
        Assert.StartsWith("TYPE", table.Stdout);
    }
}
