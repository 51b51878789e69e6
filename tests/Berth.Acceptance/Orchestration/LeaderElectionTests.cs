using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Two `berth server` processes on one etcd: only the holder of the kube-controller-manager Lease
/// runs controllers; when it dies without releasing the lease, the other takes over once the lease
/// expires and the cluster keeps acting.
/// </summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private readonly EtcdProcess _etcd = new();
    private ApiServerProcess _first = null!;
    private ApiServerProcess _second = null!;

    public async Task InitializeAsync()
    {
        await _etcd.StartAsync();
        _first = new ApiServerProcess(_etcd.Endpoint);
        _second = new ApiServerProcess(_etcd.Endpoint);
        await _first.StartAsync();
        // The second starts once the first holds the lease, so the test knows who leads.
        await Poll.UntilAsync(async () => (await HolderAsync(new Kubectl(_first))).Length > 0, Converge, () => "the first server to lead");
        await _second.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    private static async Task<string> HolderAsync(Kubectl kubectl) =>
        (await kubectl.RunAsync("get", "lease", "kube-controller-manager", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")).Stdout.Trim();

    private static async Task<int> PodCountAsync(Kubectl kubectl, string ns) =>
        (await kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string ReplicaSet(string ns, int replicas) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers: [{name: web, image: busybox}]
        """;

    [Fact]
    public async Task LeaderKilled_TheOtherServerTakesTheLeaseAndKeepsReconciling()
    {
        var first = new Kubectl(_first);
        var second = new Kubectl(_second);
        var leader = await HolderAsync(second);
        await first.OkAsync("create", "namespace", "le");
        await first.ApplyAsync(ReplicaSet("le", 2));
        await Poll.UntilAsync(async () => await PodCountAsync(second, "le") == 2, Converge, () => "2 pods from the leader");

        await _first.KillAsync();
        var next = await Poll.ForAsync(() => HolderAsync(second), h => h.Length > 0 && h != leader, Converge, "a new lease holder");
        await second.OkAsync("scale", "rs", "web", "-n", "le", "--replicas=3");

        await Poll.UntilAsync(async () => await PodCountAsync(second, "le") == 3, Converge, () => "3 pods from the new leader");
        Assert.NotEqual(leader, next);
        var transitions = await second.OkAsync("get", "lease", "kube-controller-manager", "-n", "kube-system", "-o", "jsonpath={.spec.leaseTransitions}");
        Assert.Equal("1", transitions.Trim());
        // One pod created per replica over both terms: the standby never acted, the new leader did not redo.
        var creates = await second.OkAsync("get", "events", "-n", "le", "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={range .items[*]}{.count}{\"\\n\"}{end}");
        Assert.Equal(3, creates.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(int.Parse));
    }
}
