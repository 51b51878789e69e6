using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Network;

/// <summary>Tests of user networks on one busybox engine root: each test leaves no container and no unused network behind.</summary>
public abstract class UserNetworkFixture(BusyboxEngineRoot root) : IAsyncLifetime
{
    protected const string Image = BusyboxEngineRoot.Image;

    protected BusyboxEngineRoot Root { get; } = root;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Root.RemoveAllContainersAsync();
        await Root.BerthAsync("network", "prune", "-f");
    }
}
