namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's `rename` and `history` on Berth's socket.</summary>
public sealed class DockerRenameHistoryTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Rename_NewNameSeenByPsAndATakenNameRefused()
    {
        await socket.DockerAsync("create", "--name", "before", "--network", "none", DockerSocket.Image, "true");
        await socket.DockerAsync("create", "--name", "taken", "--network", "none", DockerSocket.Image, "true");

        var rename = await socket.DockerAsync("rename", "before", "after");
        var names = await socket.DockerAsync("ps", "-a", "--format", "{{.Names}}", "--filter", "name=after");
        var conflict = await socket.DockerAsync("rename", "after", "taken");
        var missing = await socket.DockerAsync("rename", "nosuch", "x");

        Assert.True(rename.ExitCode == 0, rename.Stderr);
        Assert.Equal("after\n", names.Stdout);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("already in use", conflict.Stderr);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such container", missing.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task History_ImageSteps_NewestFirstWithTheImageId()
    {
        var history = await socket.DockerAsync("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}", DockerSocket.Image);
        var missing = await socket.DockerAsync("history", "localhost/nosuch:1");

        Assert.True(history.ExitCode == 0, history.Stderr);
        Assert.Matches("^sha256:[0-9a-f]{64}\\|", history.Stdout);
        Assert.NotEqual(0, missing.ExitCode);
    }
}
