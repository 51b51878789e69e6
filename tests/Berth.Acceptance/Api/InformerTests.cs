using k8s;
using k8s.Models;

namespace Berth.Acceptance.Api;

/// <summary>The official C# client's list+watch against the real server, across a server restart.</summary>
public sealed class InformerTests : IAsyncLifetime
{
    private readonly ApiServerProcess _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Informer_AcrossAServerRestart_SeesEveryChangeInOrderWithoutRelisting()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        var ns = $"inf-{Guid.NewGuid():N}"[..12];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        // The root-ca-cert-publisher adds kube-root-ca.crt to every new namespace: in the informer's list, not among its events.
        await Berth.Testing.Poll.UntilAsync(async () => (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Any(c => c.Metadata.Name == "kube-root-ca.crt"),
            TimeSpan.FromSeconds(30), () => $"kube-root-ca.crt in namespace {ns}");
        await using var informer = new ConfigMapInformer(client, ns);
        await informer.StartAsync();

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), ns);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("a", "2"), "a", ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);
        await informer.WaitForAsync(4, TimeSpan.FromSeconds(30));

        await _server.StopAsync();
        await _server.StartAsync();
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("b", "2"), "b", ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", "1"), ns);
        await informer.WaitForAsync(6, TimeSpan.FromSeconds(60));

        var events = informer.Events;
        Assert.Equal(
            [("Added", "a"), ("Modified", "a"), ("Added", "b"), ("Deleted", "a"), ("Modified", "b"), ("Added", "c")],
            events.Select(e => (e.Type, e.Name)));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.ResourceVersion < p.Second.ResourceVersion), "resourceVersions must increase");
        Assert.Equal(0, informer.Relists);
    }

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["value"] = value },
    };
}
