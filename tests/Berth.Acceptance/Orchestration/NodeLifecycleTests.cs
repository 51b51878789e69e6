using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The node lifecycle and taint eviction controllers through the real kubectl, on simulated
/// nodes whose leases are renewed every second and a server that gives a quiet node 6 s: a node
/// that stops heartbeating turns NotReady, is tainted, and loses the pods whose tolerations run
/// out, which their Deployment replaces on other nodes; a cordon is a taint; when every node
/// goes quiet nothing is evicted. Each test leaves all nodes healthy again.
/// </summary>
public abstract class NodeLifecycleTests(SimulatedClusterServer cluster)
{
    public const string GracePeriod = "6s";

    /// <summary>The server's DefaultTolerationSeconds flags, long enough that no test waits them out.</summary>
    public static readonly string[] ServerFlags =
        ["--node-monitor-grace-period", GracePeriod, "--default-not-ready-toleration-seconds", "400", "--default-unreachable-toleration-seconds", "600"];

    private const string Unreachable = "node.kubernetes.io/unreachable";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private static string Pods(string ns) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: brief, namespace: {{ns}}}
        spec:
          nodeName: sim-3
          tolerations: [{key: {{Unreachable}}, operator: Exists, effect: NoExecute, tolerationSeconds: 3}]
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: forever, namespace: {{ns}}}
        spec:
          nodeName: sim-3
          tolerations: [{key: {{Unreachable}}, operator: Exists, effect: NoExecute}]
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: defaults, namespace: {{ns}}}
        spec:
          nodeName: sim-3
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: elsewhere, namespace: {{ns}}}
        spec:
          nodeName: sim-1
          tolerations: [{key: {{Unreachable}}, operator: Exists, effect: NoExecute, tolerationSeconds: 3}]
          containers: [{name: c, image: busybox}]
        """;

    private ResourceClient<V1Node, V1NodeList> Nodes => cluster.Client.For(KubeResources.Nodes);

    private ResourceClient<V1Pod, V1PodList> PodClient => cluster.Client.For(KubeResources.Pods);

    private Task<V1Node> NodeAsync(string name) => Nodes.GetAsync(null, name, CancellationToken.None);

    private static string? Ready(V1Node node) => node.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static IEnumerable<(string Key, string Effect)> Taints(V1Node node) => (node.Spec.Taints ?? []).Select(t => (t.Key, t.Effect));

    private async Task WaitForHealthyNodesAsync() =>
        await Poll.ForAsync(async () => (await Nodes.ListAsync(null, null, CancellationToken.None)).Items,
            nodes => nodes.All(n => Ready(n) == "True" && !Taints(n).Any()), Converge, "every node Ready and untainted");

    [Fact]
    public async Task NodeThatStopsHeartbeating_TurnsNotReadyIsTaintedAndLosesPodsWhoseTolerationRunsOut()
    {
        await WaitForHealthyNodesAsync();
        var ns = await cluster.NamespaceAsync("nodelife");
        await cluster.Kubectl.ApplyAsync(Pods(ns));
        await Poll.ForAsync(async () => (await PodClient.ListAsync(ns, null, CancellationToken.None)).Items,
            pods => pods.Count == 4 && pods.All(IsReady), Converge, "four ready pods");
        var admitted = (await PodClient.GetAsync(ns, "defaults", CancellationToken.None)).Spec.Tolerations.Select(t => (t.Key, t.Effect, t.TolerationSeconds));
        Assert.Equal([("node.kubernetes.io/not-ready", "NoExecute", 400L), (Unreachable, "NoExecute", 600L)], admitted);

        cluster.Cluster.StopHeartbeat("sim-3");
        try
        {
            await Poll.ForAsync(() => cluster.Kubectl.OkAsync("get", "node", "sim-3", "--no-headers"),
                line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "NotReady", Converge, "sim-3 NotReady in kubectl get node");
            var node = await Poll.ForAsync(() => NodeAsync("sim-3"),
                n => Taints(n).Contains((Unreachable, "NoExecute")) && Taints(n).Contains((Unreachable, "NoSchedule")), Converge, "sim-3 tainted unreachable");
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
            Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
            Assert.NotNull(node.Spec.Taints.Single(t => t.Effect == "NoExecute").TimeAdded);

            var evicted = await Poll.ForAsync(() => PodClient.GetAsync(ns, "brief", CancellationToken.None),
                p => p.Metadata.DeletionTimestamp is not null, Converge, "brief evicted after its 3 s toleration");
            var disruption = evicted.Status.Conditions.Single(c => c.Type == "DisruptionTarget");
            Assert.Equal(("True", "DeletionByTaintManager"), (disruption.Status, disruption.Reason));
            var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=TaintManagerEviction", "-o", "custom-columns=MSG:.message", "--no-headers");
            Assert.Contains($"Marking for deletion Pod {ns}/brief", events);

            // The others tolerate the taint for ever or for the 600 s admission gave them; they are marked not ready.
            foreach (var name in new[] { "forever", "defaults" })
            {
                var pod = await Poll.ForAsync(() => PodClient.GetAsync(ns, name, CancellationToken.None), p => !IsReady(p), Converge, $"{name} marked not ready");
                Assert.Null(pod.Metadata.DeletionTimestamp);
            }
            var elsewhere = await PodClient.GetAsync(ns, "elsewhere", CancellationToken.None);
            Assert.True(IsReady(elsewhere) && elsewhere.Metadata.DeletionTimestamp is null);
        }
        finally
        {
            await cluster.Cluster.ResumeHeartbeatAsync("sim-3", CancellationToken.None);
        }

        await WaitForHealthyNodesAsync();
        Assert.Null((await PodClient.GetAsync(ns, "forever", CancellationToken.None)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task DeadNode_DeploymentPodsAreEvictedAndReplacedOnOtherNodes()
    {
        await WaitForHealthyNodesAsync();
        var ns = await cluster.NamespaceAsync("nodedead");
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{ns}}}
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  tolerations: [{key: {{Unreachable}}, operator: Exists, effect: NoExecute, tolerationSeconds: 2}]
                  containers: [{name: web, image: busybox}]
            """);
        await cluster.Kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        var pods = (await PodClient.ListAsync(ns, null, CancellationToken.None)).Items;
        var dead = pods[0].Spec.NodeName;
        var lost = pods.Where(p => p.Spec.NodeName == dead).Select(p => p.Metadata.Name).ToHashSet();

        cluster.Cluster.StopHeartbeat(dead);
        try
        {
            var replaced = await Poll.ForAsync(async () => (await PodClient.ListAsync(ns, null, CancellationToken.None)).Items,
                now => lost.All(name => now.Any(p => p.Metadata.Name == name && p.Metadata.DeletionTimestamp is not null))
                    && now.Count(p => p.Metadata.DeletionTimestamp is null && IsReady(p)) == 3,
                Converge, $"the pods on {dead} evicted and replaced");
            Assert.All(replaced.Where(p => p.Metadata.DeletionTimestamp is null), p => Assert.NotEqual(dead, p.Spec.NodeName));
            await cluster.Kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        }
        finally
        {
            await cluster.Cluster.ResumeHeartbeatAsync(dead, CancellationToken.None);
        }

        await WaitForHealthyNodesAsync();
        // Back on line, the node's kubelet finishes the evicted pods' deletion.
        await Poll.ForAsync(async () => (await PodClient.ListAsync(ns, null, CancellationToken.None)).Items,
            now => now.Count == 3 && now.All(p => p.Spec.NodeName != dead), Converge, "the evicted pods gone");
    }

    [Fact]
    public async Task EveryNodeQuiet_NothingIsEvictedAndTaintsAreLifted()
    {
        await WaitForHealthyNodesAsync();
        string[] all = ["sim-1", "sim-2", "sim-3"];
        cluster.Cluster.StopHeartbeat("sim-3");
        try
        {
            await Poll.ForAsync(() => NodeAsync("sim-3"), n => Taints(n).Contains((Unreachable, "NoExecute")), Converge, "sim-3 tainted for eviction");
            cluster.Cluster.StopHeartbeat("sim-1");
            cluster.Cluster.StopHeartbeat("sim-2");

            // With no ready node anywhere the control plane is the likelier culprit: kube's rule lifts the NoExecute taints. The
            // NoSchedule taint is written after the Ready condition, so a node can be seen Unknown a moment before it has it.
            await Poll.ForAsync(async () => await Task.WhenAll(all.Select(NodeAsync)),
                ns => ns.All(n => Ready(n) == "Unknown" && !Taints(n).Contains((Unreachable, "NoExecute")) && Taints(n).Contains((Unreachable, "NoSchedule"))),
                Converge, "every node Unknown, tainted NoSchedule and none tainted for eviction");
        }
        finally
        {
            foreach (var name in all)
            {
                await cluster.Cluster.ResumeHeartbeatAsync(name, CancellationToken.None);
            }
        }
        await WaitForHealthyNodesAsync();
    }

    [Fact]
    public async Task DefaultTolerationSeconds_Negative_IsRefusedWithOneLine()
    {
        var result = await BerthBinary.RunAsync("server", "--default-unreachable-toleration-seconds", "-5", "--data-dir", Path.Combine(Path.GetTempPath(), "berth-never-started"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--default-unreachable-toleration-seconds -5: must be 0 or more seconds", result.Stderr);
    }

    [Fact]
    public async Task Cordon_TaintsTheNodeUnschedulableAndUncordonLiftsIt()
    {
        await WaitForHealthyNodesAsync();

        await cluster.Kubectl.OkAsync("cordon", "sim-2");
        try
        {
            var cordoned = await Poll.ForAsync(() => NodeAsync("sim-2"),
                n => Taints(n).Contains(("node.kubernetes.io/unschedulable", "NoSchedule")), Converge, "sim-2 tainted unschedulable");
            Assert.True(cordoned.Spec.Unschedulable);
            Assert.Contains("Ready,SchedulingDisabled", await cluster.Kubectl.OkAsync("get", "node", "sim-2"));
        }
        finally
        {
            await cluster.Kubectl.OkAsync("uncordon", "sim-2");
        }

        await WaitForHealthyNodesAsync();
    }
}
