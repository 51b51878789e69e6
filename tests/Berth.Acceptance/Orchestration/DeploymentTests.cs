using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The Deployment controller through the real kubectl on simulated nodes: rollout, rolling update
/// within maxSurge/maxUnavailable at every observed step, history, undo, pause/resume, restart,
/// scale, Recreate, and a progress deadline that is exceeded.
/// </summary>
public abstract class DeploymentTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private static string Deployment(string ns, int replicas, string image, string strategy = "type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}", string outcome = "run", int deadline = 600) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          progressDeadlineSeconds: {{deadline}}
          strategy:
            {{strategy}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web, {{SimulatedCluster.OutcomeLabel}}: {{outcome}}}
            spec:
              nodeName: sim-1
              containers: [{name: web, image: "{{image}}"}]
        """;

    private async Task<JsonObject> DeploymentJsonAsync(string ns) =>
        JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o", "json"))!.AsObject();

    private Task RolloutStatusAsync(string ns) => cluster.Kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");

    private async Task<List<(string Name, string Revision, string Image, int Replicas)>> ReplicaSetsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.ReplicaSets).ListAsync(ns, null, CancellationToken.None)).Items
            .Select(rs => (Name: rs.Metadata.Name, Revision: rs.Metadata.Annotations["deployment.kubernetes.io/revision"], Image: rs.Spec.Template.Spec.Containers[0].Image, Replicas: rs.Spec.Replicas ?? 0))
            .OrderBy(rs => rs.Revision).ToList();

    [Fact]
    public async Task CreateDeployment_RollsOutAndReportsAvailable()
    {
        var ns = await cluster.NamespaceAsync("dep");

        await cluster.Kubectl.ApplyAsync(Deployment(ns, 3, "busybox:1"));
        await RolloutStatusAsync(ns);

        var d = await DeploymentJsonAsync(ns);
        var status = d["status"]!;
        Assert.Equal((3, 3, 3, 3), ((int)status["replicas"]!, (int)status["updatedReplicas"]!, (int)status["readyReplicas"]!, (int)status["availableReplicas"]!));
        var conditions = status["conditions"]!.AsArray().ToDictionary(c => (string)c!["type"]!, c => ((string)c!["status"]!, (string)c!["reason"]!));
        Assert.Equal(("True", "MinimumReplicasAvailable"), conditions["Available"]);
        Assert.Equal(("True", "NewReplicaSetAvailable"), conditions["Progressing"]);
        var rs = Assert.Single(await ReplicaSetsAsync(ns));
        Assert.Equal("1", rs.Revision);
        Assert.Equal("1", (string)d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!);
        var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=ScalingReplicaSet", "-o", "jsonpath={.items[*].message}");
        Assert.Contains($"Scaled up replica set {rs.Name} from 0 to 3", events);
    }

    [Fact]
    public async Task Converged_NoControllerKeepsWriting()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 3, "busybox:1"));
        await RolloutStatusAsync(ns);
        await Poll.UntilAsync(async () => (await DeploymentJsonAsync(ns))["status"]?["observedGeneration"] is not null, Converge, () => "status written");

        // Every write in the namespace over a few seconds after convergence: an update loop shows here.
        var writes = await WritesDuringAsync(ns, TimeSpan.FromSeconds(4));

        Assert.Empty(writes);
    }

    private async Task<List<string>> WritesDuringAsync(string ns, TimeSpan window)
    {
        var writes = new List<string>();
        async Task Watch<T, TList>(ApiResource<T, TList> resource)
            where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
            where TList : class, k8s.IKubernetesObject<k8s.Models.V1ListMeta>, k8s.Models.IItems<T>
        {
            var client = cluster.Client.For(resource);
            var rv = (await client.ListAsync(ns, null, CancellationToken.None)).Metadata.ResourceVersion;
            var options = new ListOptions { ResourceVersion = rv, TimeoutSeconds = (int)window.TotalSeconds };
            await foreach (var change in client.WatchAsync(ns, options, CancellationToken.None))
            {
                if (change.Type != k8s.WatchEventType.Bookmark)
                {
                    lock (writes)
                    {
                        writes.Add($"{change.Type} {resource} {change.Object.Metadata.Name}");
                    }
                }
            }
        }
        await Task.WhenAll(Watch(KubeResources.Deployments), Watch(KubeResources.ReplicaSets), Watch(KubeResources.Pods));
        return writes;
    }

    [Fact]
    public async Task SetImage_RollsOutWithinMaxSurgeAndMaxUnavailableAtEveryStep()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 4, "busybox:1"));
        await RolloutStatusAsync(ns);
        await using var pods = new ObservedPods(cluster.Client, ns);
        await pods.StartedAsync();

        await cluster.Kubectl.OkAsync("set", "image", "deployment/web", "-n", ns, "web=busybox:2");
        await RolloutStatusAsync(ns);

        var states = pods.States;
        Assert.Contains(states, s => s.Images == 2);
        Assert.All(states, s => Assert.True(s.Live <= 5, $"{s.Live} pods at once, more than replicas + maxSurge (5)"));
        Assert.All(states, s => Assert.True(s.Ready >= 3, $"{s.Ready} ready pods, fewer than replicas - maxUnavailable (3)"));
        Assert.All(pods.Live, p => Assert.Equal("busybox:2", p.Spec.Containers[0].Image));
        Assert.Equal([("1", "busybox:1", 0), ("2", "busybox:2", 4)], (await ReplicaSetsAsync(ns)).Select(r => (r.Revision, r.Image, r.Replicas)));
    }

    [Fact]
    public async Task HistoryAndUndo_RevivesTheOldReplicaSetUnderANewRevision()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 2, "busybox:1"));
        await RolloutStatusAsync(ns);
        await cluster.Kubectl.OkAsync("set", "image", "deployment/web", "-n", ns, "web=busybox:2");
        await RolloutStatusAsync(ns);

        var history = await cluster.Kubectl.OkAsync("rollout", "history", "deployment/web", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>", history);

        await cluster.Kubectl.OkAsync("rollout", "undo", "deployment/web", "-n", ns);
        await RolloutStatusAsync(ns);
        var afterUndo = await ReplicaSetsAsync(ns);
        Assert.Equal([("2", "busybox:2", 0), ("3", "busybox:1", 2)], afterUndo.Select(r => (r.Revision, r.Image, r.Replicas)));

        await cluster.Kubectl.OkAsync("rollout", "undo", "deployment/web", "-n", ns, "--to-revision=2");
        await RolloutStatusAsync(ns);
        Assert.Equal([("3", "busybox:1", 0), ("4", "busybox:2", 2)], (await ReplicaSetsAsync(ns)).Select(r => (r.Revision, r.Image, r.Replicas)));
        Assert.Equal(2, afterUndo.Select(r => r.Name).Concat((await ReplicaSetsAsync(ns)).Select(r => r.Name)).Distinct().Count());
    }

    [Fact]
    public async Task PauseThenResume_HoldsTheRolloutUntilResumed()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 2, "busybox:1"));
        await RolloutStatusAsync(ns);

        await cluster.Kubectl.OkAsync("rollout", "pause", "deployment/web", "-n", ns);
        await cluster.Kubectl.OkAsync("set", "image", "deployment/web", "-n", ns, "web=busybox:2");
        await Poll.UntilAsync(async () => (string?)(await DeploymentJsonAsync(ns))["status"]!["conditions"]!.AsArray()
            .FirstOrDefault(c => (string)c!["type"]! == "Progressing")?["reason"] == "DeploymentPaused", Converge, () => "the Paused condition");
        Assert.Single(await ReplicaSetsAsync(ns));

        await cluster.Kubectl.OkAsync("rollout", "resume", "deployment/web", "-n", ns);
        await RolloutStatusAsync(ns);
        Assert.Equal([("1", "busybox:1", 0), ("2", "busybox:2", 2)], (await ReplicaSetsAsync(ns)).Select(r => (r.Revision, r.Image, r.Replicas)));
    }

    [Fact]
    public async Task RestartAndScale_MakeANewReplicaSetThenResizeIt()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 2, "busybox:1"));
        await RolloutStatusAsync(ns);

        await cluster.Kubectl.OkAsync("rollout", "restart", "deployment/web", "-n", ns);
        await RolloutStatusAsync(ns);
        await cluster.Kubectl.OkAsync("scale", "deployment/web", "-n", ns, "--replicas=5");
        await RolloutStatusAsync(ns);

        var replicaSets = await ReplicaSetsAsync(ns);
        Assert.Equal([("1", 0), ("2", 5)], replicaSets.Select(r => (r.Revision, r.Replicas)));
        var restarted = await cluster.Client.For(KubeResources.ReplicaSets).GetAsync(ns, replicaSets[1].Name, CancellationToken.None);
        Assert.True(restarted.Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(5, (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items.Count(p => p.Metadata.DeletionTimestamp is null));
    }

    [Fact]
    public async Task Recreate_StopsEveryOldPodBeforeStartingNewOnes()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 3, "busybox:1", strategy: "type: Recreate"));
        await RolloutStatusAsync(ns);
        await using var pods = new ObservedPods(cluster.Client, ns);
        await pods.StartedAsync();

        await cluster.Kubectl.OkAsync("set", "image", "deployment/web", "-n", ns, "web=busybox:2");
        await RolloutStatusAsync(ns);

        Assert.Contains(pods.States, s => s.Live == 0);
        Assert.DoesNotContain(pods.States, s => s.Images == 2);
        Assert.All(pods.Live, p => Assert.Equal("busybox:2", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task PodsNeverReady_ExceedTheProgressDeadlineAndRolloutStatusFails()
    {
        var ns = await cluster.NamespaceAsync("dep");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, 2, "busybox:1", outcome: "not-ready", deadline: 5));

        var result = await cluster.Kubectl.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error: deployment \"web\" exceeded its progress deadline", result.Stderr);
        var progressing = (await DeploymentJsonAsync(ns))["status"]!["conditions"]!.AsArray().First(c => (string)c!["type"]! == "Progressing")!;
        Assert.Equal(("False", "ProgressDeadlineExceeded"), ((string)progressing["status"]!, (string)progressing["reason"]!));
        Assert.Matches("ReplicaSet \"web-[a-z0-9]+\" has timed out progressing.", (string)progressing["message"]!);
    }
}
