using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The pod garbage collector through the real kubectl, on a server that keeps two finished pods
/// (--terminated-pod-gc-threshold 2): the oldest finished pods go, and the pods of a deleted node
/// are marked Failed with DisruptionTarget/DeletionByPodGC and removed once kube's 40 s
/// quarantine has passed.
/// </summary>
public abstract class PodGcTests(SimulatedClusterServer cluster)
{
    public static readonly string[] ServerFlags = ["--terminated-pod-gc-threshold", "2"];

    // A 20 s period and the 40 s quarantine, with room for a loaded machine.
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(150);

    private ResourceClient<V1Pod, V1PodList> Pods => cluster.Client.For(KubeResources.Pods);

    [Fact]
    public async Task FinishedPodsBeyondTheThreshold_TheOldestAreDeleted()
    {
        var ns = await cluster.NamespaceAsync("podgc-done");
        foreach (var name in new[] { "job-1", "job-2", "job-3", "job-4" })
        {
            await cluster.Kubectl.ApplyAsync($$"""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: {{name}}
                  namespace: {{ns}}
                  labels:
                    {{SimulatedCluster.OutcomeLabel}}: succeed
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]
                """);
            // One creation second apart, so age alone orders them.
            await Poll.ForAsync(() => Pods.GetAsync(ns, name, CancellationToken.None), p => p.Status.Phase == "Succeeded", Converge, $"{name} Succeeded");
            await Task.Delay(TimeSpan.FromSeconds(1.1));
        }

        var left = await Poll.ForAsync(async () => await cluster.Kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name"),
            names => !names.Contains("job-1") && !names.Contains("job-2"), Converge, "the two oldest finished pods collected");
        Assert.Equal(["pod/job-3", "pod/job-4"], left.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task PodsOfADeletedNode_AreMarkedFailedAndDeleted()
    {
        var ns = await cluster.NamespaceAsync("podgc-orphan");
        await cluster.Cluster.AddNodeAsync(new SimulatedNodeSpec { Name = "gc-doomed" }, CancellationToken.None);
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: stranded, namespace: {{ns}}}
            spec:
              nodeName: gc-doomed
              containers: [{name: c, image: busybox}]
            """);
        await Poll.ForAsync(() => Pods.GetAsync(ns, "stranded", CancellationToken.None), p => p.Status.Phase == "Running", Converge, "stranded Running");
        var rv = (await Pods.ListAsync(ns, null, CancellationToken.None)).Metadata.ResourceVersion;
        var changes = new List<WatchEventSummary>();
        using var watching = new CancellationTokenSource(Converge);
        var watch = Task.Run(async () =>
        {
            await foreach (var change in Pods.WatchAsync(ns, new ListOptions { ResourceVersion = rv }, watching.Token))
            {
                var disruption = change.Object.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionTarget");
                changes.Add(new(change.Type, change.Object.Status?.Phase, disruption?.Reason, disruption?.Message));
                if (change.Type == k8s.WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        await cluster.Cluster.RemoveNodeAsync("gc-doomed", CancellationToken.None);
        await watch;

        Assert.Equal(k8s.WatchEventType.Deleted, changes[^1].Type);
        Assert.Contains(new WatchEventSummary(k8s.WatchEventType.Modified, "Failed", "DeletionByPodGC", "PodGC: node no longer exists"), changes);
        Assert.Contains("not found", (await cluster.Kubectl.RunAsync("get", "pod", "stranded", "-n", ns)).Stderr);
    }

    private sealed record WatchEventSummary(k8s.WatchEventType Type, string? Phase, string? Reason, string? Message);
}
