namespace Berth.Acceptance.Containers;

/// <summary>Gives each test the shared root and removes every container the test made, pass or fail.</summary>
public abstract class ContainerTestBase(BusyboxEngineRoot root) : IClassFixture<BusyboxEngineRoot>, IAsyncLifetime
{
    protected const string Image = BusyboxEngineRoot.Image;

    protected BusyboxEngineRoot Root { get; } = root;

    protected Task<ProcessResult> BerthAsync(params string[] args) => Root.BerthAsync(args);

    /// <summary>`run -d --network none IMAGE CMD…`; returns the container id.</summary>
    protected async Task<string> RunDetachedAsync(params string[] args)
    {
        var result = await BerthAsync(["run", "-d", "--network", "none", .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Root.RemoveAllContainersAsync();
}
