using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`create`, `start [-a]` (of created and of exited containers) and the top-level `inspect`.</summary>
public sealed class ContainerStartTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task CreateThenStartAttached_RunsTheCommandAndReturnsItsCode()
    {
        var create = await BerthAsync("create", "--name", "later", "--network", "none", Image, "sh", "-c", "echo started; exit 6");
        var before = await BerthAsync("ps", "-a");

        var start = await BerthAsync("start", "-a", "later");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", create.Stdout);
        Assert.Contains("Created", before.Stdout);
        Assert.Equal(6, start.ExitCode);
        Assert.Equal("started\n", start.Stdout);
    }

    [Fact]
    public async Task StartAttached_ExitedContainer_RunsAgainOnItsOwnWritableLayer()
    {
        string[] command = ["sh", "-c", "echo line >> /counted; wc -l < /counted"];
        var first = await BerthAsync(["run", "--name", "again", "--network", "none", Image, .. command]);

        var second = await BerthAsync("start", "-a", "again");
        var list = await BerthAsync("ps", "-a");

        Assert.Equal("1\n", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("2\n", second.Stdout.TrimStart());
        Assert.Contains("Exited (0)", list.Stdout);
    }

    [Fact]
    public async Task Start_DetachedExitedContainer_RunsAgainAndIsCleanedUpAgain()
    {
        var id = await RunDetachedAsync("--name", "twice", Image, "sh", "-c", "echo ran; exit 2");
        var rootfs = Path.Combine(Root.Path, "containers", id, "rootfs");
        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(!HostTraces.HasMountUnder(rootfs)), TimeSpan.FromSeconds(30)));

        var start = await BerthAsync("start", "twice");
        var ranTwice = await HostTraces.EventuallyAsync(async () => (await BerthAsync("logs", "twice")).Stdout == "ran\nran\n", TimeSpan.FromSeconds(30));
        var released = await HostTraces.EventuallyAsync(() => Task.FromResult(!HostTraces.HasMountUnder(rootfs)), TimeSpan.FromSeconds(30));

        Assert.Equal(0, start.ExitCode);
        Assert.Equal("twice\n", start.Stdout);
        Assert.True(ranTwice, "the container's log does not show a second run");
        Assert.True(released, "the rootfs is still mounted after the second exit");
        Assert.Contains("Exited (2)", (await BerthAsync("ps", "-a")).Stdout);
    }

    [Fact]
    public async Task Start_RunningContainer_SucceedsAndLeavesItRunning()
    {
        await RunDetachedAsync("--name", "busy", Image, "sleep", "100");

        var start = await BerthAsync("start", "busy");

        Assert.Equal(0, start.ExitCode);
        Assert.Contains("Up ", (await BerthAsync("ps")).Stdout);
    }

    [Fact]
    public async Task Start_UnknownContainer_FailsWithOneLine()
    {
        var start = await BerthAsync("start", "no-such-container");

        Assert.Equal(125, start.ExitCode);
        Assert.Equal("Error: no container with name or ID \"no-such-container\" found: no such container\n", start.Stderr);
    }

    [Fact]
    public async Task StartAttached_TwoContainers_IsRefused()
    {
        var start = await BerthAsync("start", "-a", "one", "two");

        Assert.Equal(125, start.ExitCode);
        Assert.StartsWith("Error: you cannot start and attach multiple containers", start.Stderr);
    }

    [Fact]
    public async Task Inspect_ContainerOrImage_DescribesWhicheverMatches()
    {
        var id = await RunDetachedAsync("--name", "looked-at", Image, "sleep", "100");

        var container = await BerthAsync("inspect", "looked-at");
        var image = await BerthAsync("inspect", Image);
        var onlyContainers = await BerthAsync("inspect", "--type", "container", Image);
        var unknown = await BerthAsync("inspect", "nothing-by-this-name");

        Assert.Equal(id, JsonDocument.Parse(container.Stdout).RootElement[0].GetProperty("Id").GetString());
        Assert.Equal("running", JsonDocument.Parse(container.Stdout).RootElement[0].GetProperty("State").GetProperty("Status").GetString());
        Assert.Contains(Image, JsonDocument.Parse(image.Stdout).RootElement[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(125, onlyContainers.ExitCode);
        Assert.Equal(125, unknown.ExitCode);
        Assert.Equal("Error: no such object: \"nothing-by-this-name\"\n", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);
    }
}
