namespace Berth.Acceptance.Containers;

/// <summary>
/// Base of the test classes that run containers on the bridge network: the shared busybox root, a bridge
/// and subnet of the class's own (so suites can run side by side), and no container left after each test.
/// </summary>
public abstract class BridgedContainerTests : IClassFixture<BusyboxEngineRoot>, IAsyncLifetime
{
    protected const string Image = BusyboxEngineRoot.Image;

    protected BridgedContainerTests(BusyboxEngineRoot root)
    {
        Root = root;
        Bridge = new TestBridge(root.Path);
    }

    protected BusyboxEngineRoot Root { get; }

    protected TestBridge Bridge { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Root.RemoveAllContainersAsync();
        Bridge.Dispose();
    }
}
