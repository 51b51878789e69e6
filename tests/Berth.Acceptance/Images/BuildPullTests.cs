using System.Runtime.Versioning;
using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Images;

/// <summary>FROM an image in a registry (Debian's docker-registry on loopback), pulled as --pull says.</summary>
[SupportedOSPlatform("linux")]
public sealed class BuildPullTests(DockerRegistry registry) : IClassFixture<DockerRegistry>, IAsyncLifetime
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();
    private string _remote = "";

    public async Task InitializeAsync()
    {
        using var source = new TempEngineRoot();
        await TestImages.ImportBusyboxAsync(source.Path, "busybox");
        _remote = $"{registry.Domain}/build-base-{Random.Shared.Next():x}:1";
        var push = await source.BerthAsync("push", "busybox", _remote);
        Assert.True(push.ExitCode == 0, push.Stderr);
        _context.WithContainerfile("""
            ARG BASE
            FROM $BASE
            RUN echo built > /built
            """);
    }

    [Fact]
    public async Task Build_FromRegistryImageNotLocal_PullsItAndTagsEveryName()
    {
        var build = await _root.BerthAsync("build", "--build-arg", $"BASE={_remote}", "-t", "app:1", "-t", "localhost/app:latest", "-t", "other/app:2", _context.Path);
        var names = (await ImageInspection.InspectAsync(_root, "app:1")).GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()).Order();

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains($"Trying to pull {_remote}...", build.Stdout);
        Assert.Equal(["localhost/app:1", "localhost/app:latest", "localhost/other/app:2"], names);
        Assert.Equal(0, (await _root.BerthAsync("image", "inspect", _remote)).ExitCode);
    }

    [Theory]
    [InlineData("--pull=missing", false)]
    [InlineData("--pull=always", true)]
    [InlineData("--pull", true)]
    public async Task Build_BaseImageAlreadyLocal_PullsOnlyWhenThePolicySays(string pull, bool pulls)
    {
        Assert.Equal(0, (await _root.BerthAsync("pull", _remote)).ExitCode);

        var build = await _root.BerthAsync("build", pull, "--build-arg", $"BASE={_remote}", "-t", "app", _context.Path);

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal(pulls, build.Stdout.Contains("Trying to pull"));
    }

    [Fact]
    public async Task Build_PullNeverAndImageNotLocal_FailsNamingFromLine()
    {
        var build = await _root.BerthAsync("build", "--pull=never", "--build-arg", $"BASE={_remote}", "-t", "app", _context.Path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal($"Error: Containerfile:2: {_remote}: image not known", build.Stderr.Trim());
    }

    public Task DisposeAsync()
    {
        _context.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }
}
