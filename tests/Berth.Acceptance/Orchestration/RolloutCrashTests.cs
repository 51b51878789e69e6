using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// A server SIGKILLed in the middle of a rolling update continues it after a restart from the
/// stored state alone: the rollout completes within its bounds with exactly one pod created per
/// replica of each revision (none twice, none missing).
/// </summary>
public abstract class RolloutCrashTests(bool etcd) : IAsyncLifetime
{
    private readonly SimulatedClusterServer _cluster = new(etcd);

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task ServerKilledMidRollout_RestartContinuesItWithNoExtraOrMissingPods()
    {
        var ns = await _cluster.NamespaceAsync("crash");
        var kubectl = _cluster.Kubectl;
        await kubectl.ApplyAsync($$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{ns}}}
            spec:
              replicas: 4
              strategy:
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  nodeName: sim-1
                  containers: [{name: web, image: "busybox:1"}]
            """);
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        // New pods start only when the test says so: the rollout stops after its first surge pod.
        var released = false;
        _cluster.Cluster.Outcomes = pod => pod.Spec.Containers[0].Image == "busybox:2" && !Volatile.Read(ref released)
            ? new PodOutcome.StayPending()
            : SimulatedCluster.ByLabel(pod);
        await kubectl.OkAsync("set", "image", "deployment/web", "-n", ns, "web=busybox:2");
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).Count(p => p.Spec.Containers[0].Image == "busybox:2") == 1,
            TimeSpan.FromSeconds(60), () => "the first new pod");

        await _cluster.CrashAndRestartAsync();
        Volatile.Write(ref released, true);
        _cluster.Cluster.Resync();
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");

        var pods = await PodsAsync(ns);
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.Equal("busybox:2", p.Spec.Containers[0].Image));
        var creates = await kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=SuccessfulCreate", "-o", "jsonpath={range .items[*]}{.count}{\"\\n\"}{end}");
        // No pod was created twice across the crash: 4 old and 4 new at most. Events are best-effort, so
        // the one recorded just before the SIGKILL may be lost.
        Assert.InRange(creates.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(int.Parse), 7, 8);
    }

    private async Task<List<k8s.Models.V1Pod>> PodsAsync(string ns) =>
        (await _cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
}
