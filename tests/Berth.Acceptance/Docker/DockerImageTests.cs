using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's image verbs on Berth's socket: pull from the local docker-registry, images, info, inspect, rmi.</summary>
public sealed class DockerImageTests(DockerSocket socket, DockerRegistry registry) : IClassFixture<DockerSocket>, IClassFixture<DockerRegistry>, IAsyncLifetime
{
    private readonly string _repo = $"dockerpull{Random.Shared.Next():x}";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Pull_FromTheLocalRegistry_ListsInspectsRunsAndRemovesTheImage()
    {
        var remote = $"{registry.Domain}/{_repo}:v1";
        var push = await socket.BerthAsync("push", DockerSocket.Image, remote);
        Assert.True(push.ExitCode == 0, push.Stderr);

        var pull = await socket.DockerAsync("pull", remote);
        var images = await socket.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}");
        var inspect = await socket.DockerAsync("image", "inspect", "-f", "{{.Os}} {{json .RepoTags}}", remote);
        var info = await socket.DockerAsync("info", "--format", "{{.OSType}} {{.DockerRootDir}}");
        var run = await socket.DockerAsync("run", "--rm", "--network", "none", remote, "cat", "/etc/group");
        var rmi = await socket.DockerAsync("rmi", remote);
        var after = await socket.BerthAsync("images");

        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Contains($"Status: Downloaded newer image for {remote}", pull.Stdout);
        Assert.Contains(remote, images.Stdout.Split('\n'));
        Assert.Contains(DockerSocket.Image, images.Stdout.Split('\n'));
        // Pushed from the busybox image and pulled back: one image, two names, as dockerd shows it.
        Assert.Equal($"linux [\"{DockerSocket.Image}\",\"{remote}\"]\n", inspect.Stdout);
        Assert.Equal($"linux {socket.Root}\n", info.Stdout);
        Assert.Equal((0, "root:x:0:\nnogroup:x:65534:\n"), (run.ExitCode, run.Stdout));
        Assert.Contains($"Untagged: {remote}", rmi.Stdout);
        Assert.DoesNotContain(_repo, after.Stdout);
        Assert.Contains("localhost/busybox", after.Stdout);
    }

    [Fact]
    public async Task Pull_UnknownRepository_FailsWithTheRegistrysAnswerAndStoresNothing()
    {
        var pull = await socket.DockerAsync("pull", $"{registry.Domain}/{_repo}-missing:v1");
        var inspect = await socket.DockerAsync("image", "inspect", "no/such:image");
        var images = await socket.DockerAsync("images", "-q");

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains($"{_repo}-missing", pull.Stderr);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("No such image: no/such:image", inspect.Stderr);
        Assert.Single(images.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct());
    }
}
