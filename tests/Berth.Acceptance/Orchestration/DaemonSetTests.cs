using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The DaemonSet controller through the real kubectl on simulated nodes: one pod per node as nodes
/// join, are tainted, relabelled and leave; a failed daemon replaced; a rolling update within
/// maxUnavailable or maxSurge at every observed step, with history and undo; OnDelete.
/// </summary>
public abstract class DaemonSetTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private static string DaemonSet(string ns, string name = "agent", string image = "busybox:1", string strategy = "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}",
        string nodeSelector = "{}") => $$"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          updateStrategy: {{strategy}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              nodeSelector: {{nodeSelector}}
              containers:
              - name: agent
                image: "{{image}}"
        """;

    private async Task<List<V1Pod>> PodsAsync(string ns, string app = "agent") =>
        [.. (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Labels["app"] == app).OrderBy(p => p.Spec.NodeName)];

    private Task<List<V1Pod>> WaitForNodesAsync(string ns, IEnumerable<string> nodes, string app = "agent")
    {
        var wanted = nodes.Order(StringComparer.Ordinal).ToList();
        return Poll.ForAsync(() => PodsAsync(ns, app), pods => pods.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal).SequenceEqual(wanted)
            && pods.All(p => p.Status?.Phase == "Running"), Converge, $"{app} pods running on {string.Join(", ", wanted)}");
    }

    private async Task<JsonObject> StatusAsync(string ns, string name = "agent") =>
        JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "ds", name, "-n", ns, "-o", "json"))!["status"]!.AsObject();

    private Task<string> RolloutStatusAsync(string ns) => cluster.Kubectl.OkAsync("rollout", "status", "ds/agent", "-n", ns, "--timeout=90s");

    private async Task<int> DesiredAsync(string ns) => (int)(await StatusAsync(ns))["desiredNumberScheduled"]!;

    [Fact]
    public async Task FollowsNodesJoiningTaintedRelabelledAndLeaving()
    {
        var ns = await cluster.NamespaceAsync("ds");
        var nodes = cluster.Cluster.LiveNodes.ToList();
        await cluster.Kubectl.ApplyAsync(DaemonSet(ns));
        await RolloutStatusAsync(ns);

        var pods = await WaitForNodesAsync(ns, nodes);
        var ds = await cluster.Client.For(KubeResources.DaemonSets).GetAsync(ns, "agent", CancellationToken.None);
        Assert.All(pods, pod =>
        {
            Assert.Equal((ds.Metadata.Uid, true), (pod.Metadata.OwnerReferences.Single().Uid, pod.Metadata.OwnerReferences.Single().Controller));
            Assert.Contains(pod.Spec.Tolerations, t => (t.Key, t.OperatorProperty, t.Effect) == ("node.kubernetes.io/unreachable", "Exists", "NoExecute"));
            // Bound by the scheduler to the node its affinity names.
            Assert.Equal(pod.Spec.NodeName, pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields[0].Values[0]);
            Assert.Contains(pod.Status.Conditions, c => (c.Type, c.Status) == ("PodScheduled", "True"));
        });
        var status = await StatusAsync(ns);
        Assert.Equal([nodes.Count, nodes.Count, nodes.Count, nodes.Count, 0], new[] { "desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberMisscheduled" }
            .Select(f => (int)status[f]!));

        await cluster.Cluster.AddNodeAsync(new SimulatedNodeSpec { Name = "ds-extra" }, CancellationToken.None);
        await WaitForNodesAsync(ns, [.. nodes, "ds-extra"]);

        await cluster.Kubectl.OkAsync("taint", "nodes", "ds-extra", "dedicated=infra:NoExecute");
        await WaitForNodesAsync(ns, nodes);
        await Poll.UntilAsync(async () => await DesiredAsync(ns) == nodes.Count, Converge, () => "a tainted node is not desired");
        await cluster.Kubectl.OkAsync("taint", "nodes", "ds-extra", "dedicated-");
        await WaitForNodesAsync(ns, [.. nodes, "ds-extra"]);

        await cluster.Kubectl.ApplyAsync(DaemonSet(ns, name: "edge", nodeSelector: "{edge: 'true'}"));
        await cluster.Kubectl.OkAsync("label", "node", "ds-extra", "edge=true");
        await WaitForNodesAsync(ns, ["ds-extra"], "edge");
        await cluster.Kubectl.OkAsync("label", "node", "ds-extra", "edge-");
        await WaitForNodesAsync(ns, [], "edge");

        await cluster.Cluster.RemoveNodeAsync("ds-extra", CancellationToken.None);
        await Poll.UntilAsync(async () => await DesiredAsync(ns) == nodes.Count, Converge, () => "a deleted node is not desired");
    }

    [Fact]
    public async Task FailedDaemonPod_IsReplaced()
    {
        var ns = await cluster.NamespaceAsync("ds");
        await cluster.Kubectl.ApplyAsync(DaemonSet(ns));
        await RolloutStatusAsync(ns);
        var failed = (await PodsAsync(ns)).First();

        await cluster.Cluster.FailPodAsync(ns, failed.Metadata.Name, 1, CancellationToken.None);

        await Poll.UntilAsync(async () => (await PodsAsync(ns)).Any(p => p.Spec.NodeName == failed.Spec.NodeName && p.Metadata.Uid != failed.Metadata.Uid && p.Status?.Phase == "Running"),
            Converge, () => $"a new pod on {failed.Spec.NodeName}");
        var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=FailedDaemonPod", "-o", "jsonpath={.items[*].message}");
        Assert.Contains($"Found failed daemon pod {ns}/{failed.Metadata.Name} on node {failed.Spec.NodeName}, will try to kill it", events);
    }

    [Theory]
    [InlineData("{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}", 0, 1)]
    [InlineData("{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}", 1, 0)]
    public async Task RollingUpdate_StaysWithinMaxSurgeAndMaxUnavailable_ThenUndo(string strategy, int surge, int unavailable)
    {
        var ns = await cluster.NamespaceAsync("ds");
        await cluster.Kubectl.ApplyAsync(DaemonSet(ns, strategy: strategy));
        await RolloutStatusAsync(ns);
        var desired = await DesiredAsync(ns);
        await using var pods = new ObservedPods(cluster.Client, ns);
        await pods.StartedAsync();

        await cluster.Kubectl.OkAsync("set", "image", "ds/agent", "-n", ns, "agent=busybox:2");
        var output = await RolloutStatusAsync(ns);

        Assert.Contains("daemon set \"agent\" successfully rolled out", output);
        var states = pods.States;
        Assert.Contains(states, s => s.Images == 2);
        Assert.All(states, s => Assert.True(s.Live <= desired + surge, $"{s.Live} pods at once, more than nodes + maxSurge ({desired + surge})"));
        Assert.All(states, s => Assert.True(s.Ready >= desired - unavailable, $"{s.Ready} ready pods, fewer than nodes - maxUnavailable ({desired - unavailable})"));
        Assert.All(await PodsAsync(ns), p => Assert.Equal("busybox:2", p.Spec.Containers[0].Image));
        var status = await StatusAsync(ns);
        Assert.Equal((desired, desired), ((int)status["updatedNumberScheduled"]!, (int)status["numberAvailable"]!));

        var history = await cluster.Kubectl.OkAsync("rollout", "history", "ds/agent", "-n", ns);
        Assert.Matches(@"(?m)^1\s.*\n2\s", history);
        await cluster.Kubectl.OkAsync("rollout", "undo", "ds/agent", "-n", ns);
        await RolloutStatusAsync(ns);
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).Select(p => p.Spec.Containers[0].Image).Distinct().SequenceEqual(["busybox:1"]), Converge, () => "back on busybox:1");
        var revisions = (await cluster.Client.For(KubeResources.ControllerRevisions).ListAsync(ns, null, CancellationToken.None)).Items;
        Assert.Equal([2L, 3L], revisions.Select(r => r.Revision ?? 0).Order());
        Assert.Contains("busybox:1", revisions.Single(r => r.Revision == 3).Data.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnDelete_UpdatesOnlyPodsTheUserDeletes()
    {
        var ns = await cluster.NamespaceAsync("ds");
        await cluster.Kubectl.ApplyAsync(DaemonSet(ns, strategy: "{type: OnDelete}"));
        var pods = await WaitForNodesAsync(ns, cluster.Cluster.LiveNodes);

        await cluster.Kubectl.ApplyAsync(DaemonSet(ns, image: "busybox:2", strategy: "{type: OnDelete}"));
        await Poll.UntilAsync(async () => (long?)(await StatusAsync(ns))["observedGeneration"] == 2, Converge, () => "generation 2 observed");
        await cluster.Kubectl.OkAsync("delete", "pod", pods[0].Metadata.Name, "-n", ns);

        var after = await Poll.ForAsync(() => PodsAsync(ns), now => now.Count == pods.Count && now.All(p => p.Status?.Phase == "Running")
            && now.Any(p => p.Spec.Containers[0].Image == "busybox:2"), Converge, "the deleted pod replaced");
        Assert.Equal(pods.Count - 1, after.Count(p => p.Spec.Containers[0].Image == "busybox:1"));
        Assert.Equal(pods[0].Spec.NodeName, after.Single(p => p.Spec.Containers[0].Image == "busybox:2").Spec.NodeName);
        Assert.Equal(1, (int)(await StatusAsync(ns))["updatedNumberScheduled"]!);
    }
}
