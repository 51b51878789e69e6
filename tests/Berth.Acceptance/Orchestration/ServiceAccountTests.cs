using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>The serviceaccount controller through the real kubectl: a new namespace gets its default ServiceAccount, made again when deleted.</summary>
public abstract class ServiceAccountTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private Task<V1ServiceAccount?> DefaultAccountAsync(string ns) =>
        cluster.Client.For(KubeResources.ServiceAccounts).TryGetAsync(ns, "default", CancellationToken.None);

    [Fact]
    public async Task NewNamespace_GetsADefaultServiceAccountThatComesBackWhenDeleted()
    {
        var ns = $"sa-{Guid.NewGuid():N}"[..12];

        await cluster.Kubectl.OkAsync("create", "namespace", ns);

        var first = await Poll.ForAsync(() => DefaultAccountAsync(ns), sa => sa is not null, Converge, $"default ServiceAccount in {ns}");
        Assert.Contains("default", await cluster.Kubectl.OkAsync("get", "serviceaccounts", "-n", ns, "-o", "name"));
        await cluster.Kubectl.OkAsync("delete", "serviceaccount", "default", "-n", ns);
        var second = await Poll.ForAsync(() => DefaultAccountAsync(ns), sa => sa is not null && sa.Metadata.Uid != first!.Metadata.Uid, Converge, "default ServiceAccount made again");
        Assert.NotNull(second);
    }
}
