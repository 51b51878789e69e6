namespace Berth.Acceptance.Registry;

/// <summary>
/// k3s' registries.yaml (BERTH_REGISTRIES_CONFIG): with docker.io mirrored to a local registry over
/// plain HTTP, `berth pull busybox` (a short name: docker.io/library/busybox:latest) comes from the
/// mirror, and a rewrite maps the repository onto the mirror's layout.
/// </summary>
public sealed class RegistryMirrorTests : IAsyncLifetime
{
    private readonly DockerRegistry _registry = new();
    private string _root = "";
    private string _config = "";

    public async Task InitializeAsync()
    {
        await _registry.InitializeAsync();
        _root = Path.Combine(_registry.Directory, "root");
        await TestImages.ImportBusyboxAsync(_root, $"{_registry.Domain}/library/busybox:latest");
        var push = await BerthBinary.RunAsync("--root", _root, "push", $"{_registry.Domain}/library/busybox:latest");
        Assert.True(push.ExitCode == 0, $"push failed: {push.Stderr}");
        await BerthBinary.RunAsync("--root", _root, "rmi", $"{_registry.Domain}/library/busybox:latest");
        await TestImages.ImportBusyboxAsync(_root, $"{_registry.Domain}/mirrored/tools:1");
        push = await BerthBinary.RunAsync("--root", _root, "push", $"{_registry.Domain}/mirrored/tools:1");
        Assert.True(push.ExitCode == 0, $"push failed: {push.Stderr}");
        await BerthBinary.RunAsync("--root", _root, "rmi", $"{_registry.Domain}/mirrored/tools:1");
        _config = Path.Combine(_registry.Directory, "registries.yaml");
        File.WriteAllText(_config, $$"""
            mirrors:
              docker.io:
                endpoint:
                  - "http://{{_registry.Domain}}"
              quay.io:
                endpoint: ["http://{{_registry.Domain}}"]
                rewrite:
                  "^team/(.*)": "mirrored/$1"
            """);
    }

    public async Task DisposeAsync()
    {
        EngineRootRemoval.Delete(_root);
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task AShortNameIsPulledFromTheDockerHubMirror_AndARewriteMapsTheRepository()
    {
        var pulled = await PullAsync("busybox");
        Assert.True(pulled.ExitCode == 0, $"berth pull busybox through the mirror failed: {pulled.Stderr}");
        var run = await BerthBinary.RunAsync("--root", _root, "run", "--rm", "--network", "none", "busybox", "echo", "from-mirror");
        Assert.Equal("from-mirror", run.Stdout.Trim());

        var rewritten = await PullAsync("quay.io/team/tools:1");
        Assert.True(rewritten.ExitCode == 0, $"berth pull of a rewritten repository failed: {rewritten.Stderr}");
        var images = await BerthBinary.RunAsync("--root", _root, "images");
        Assert.Contains("quay.io/team/tools", images.Stdout);
    }

    private Task<ProcessResult> PullAsync(string image) =>
        DockerRegistry.TryRunAsync("env", $"BERTH_REGISTRIES_CONFIG={_config}", BerthBinary.Launcher, "--root", _root, "pull", image);
}
