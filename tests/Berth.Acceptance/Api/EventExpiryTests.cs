using Berth.Testing;

namespace Berth.Acceptance.Api;

/// <summary>Events expire --event-ttl after their last write, as kube-apiserver's do; other objects stay.</summary>
public sealed class EventExpiryTests : IAsyncLifetime
{
    private readonly ApiServerProcess _server = new(null, "--event-ttl", "3s");

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Event_AfterTheTtl_IsGoneAndItsObjectStays()
    {
        var kubectl = new Kubectl(_server);
        await kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Event
            metadata: {name: cm.1, namespace: default}
            involvedObject: {kind: ConfigMap, name: cm, namespace: default}
            reason: Tested
            message: expires soon
            type: Normal
            """);
        await kubectl.OkAsync("create", "configmap", "cm");
        Assert.Contains("cm.1", await kubectl.OkAsync("get", "events", "-o", "name"));

        await Poll.UntilAsync(async () => !(await kubectl.OkAsync("get", "events", "-o", "name")).Contains("cm.1"),
            TimeSpan.FromSeconds(30), () => "the event expired");
        Assert.Contains("configmap/cm", await kubectl.OkAsync("get", "configmap", "cm", "-o", "name"));
    }

    [Fact]
    public async Task EventTtl_NotADuration_IsRefusedWithOneLine()
    {
        var result = await BerthBinary.RunAsync("server", "--event-ttl", "soon", "--data-dir", _server.DataDir);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--event-ttl soon: not a duration", result.Stderr);
    }
}
