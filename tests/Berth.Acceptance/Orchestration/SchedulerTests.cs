using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The scheduler in `berth server` through the real kubectl, on simulated nodes: pods without a
/// node are bound through pods/binding and spread, nodeSelector and taints are honoured, and a pod
/// that fits nowhere says why in kube's words until a node it fits joins.
/// </summary>
public abstract class SchedulerTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private ResourceClient<V1Pod, V1PodList> Pods => cluster.Client.For(KubeResources.Pods);

    private async Task<IList<V1Pod>> PodsAsync(string ns, string selector) =>
        (await Pods.ListAsync(ns, new ListOptions { LabelSelector = selector }, CancellationToken.None)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    private Task<IList<V1Pod>> WaitForRunningAsync(string ns, string selector, int count) =>
        Poll.ForAsync(() => PodsAsync(ns, selector), pods => pods.Count == count && pods.All(p => p.Status?.Phase == "Running"),
            Converge, $"{count} running pods {selector} in {ns}");

    private static string? Scheduled(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")?.Status;

    [Fact]
    public async Task Deployment_WithoutNodeName_IsSpreadOverTheNodesWithScheduledEvents()
    {
        var ns = await cluster.NamespaceAsync("sched");

        await cluster.Kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=6", "-n", ns);

        var pods = await WaitForRunningAsync(ns, "app=web", 6);
        Assert.Equal(["sim-1", "sim-2", "sim-3"], pods.Select(p => p.Spec.NodeName).Distinct().Order());
        Assert.All(pods, p => Assert.Equal("True", Scheduled(p)));
        var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=Scheduled",
            "-o", "jsonpath={range .items[*]}{.source.component} {.message}{\"\\n\"}{end}");
        Assert.Equal(
            pods.Select(p => $"default-scheduler Successfully assigned {ns}/{p.Metadata.Name} to {p.Spec.NodeName}").Order(),
            events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task NodeSelectorAndTaints_PlacePodsOnlyWhereTheyAreAllowed()
    {
        var ns = await cluster.NamespaceAsync("sched");
        await cluster.Kubectl.OkAsync("taint", "nodes", "sim-3", "berth-test=x:NoSchedule");
        try
        {
            await cluster.Kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=4", "-n", ns);
            await cluster.Kubectl.ApplyAsync($$$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: tolerant, namespace: {{{ns}}}, labels: {app: pinned}}
                spec:
                  nodeSelector: {kubernetes.io/hostname: sim-3}
                  tolerations: [{key: berth-test, operator: Equal, value: x, effect: NoSchedule}]
                  containers: [{name: c, image: busybox}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: intolerant, namespace: {{{ns}}}, labels: {app: stuck}}
                spec:
                  nodeSelector: {kubernetes.io/hostname: sim-3}
                  containers: [{name: c, image: busybox}]
                """);

            var spread = await WaitForRunningAsync(ns, "app=web", 4);
            var pinned = Assert.Single(await WaitForRunningAsync(ns, "app=pinned", 1));
            var stuck = await Poll.ForAsync(() => Pods.GetAsync(ns, "intolerant", CancellationToken.None), p => Scheduled(p) == "False", Converge, "PodScheduled=False");

            Assert.All(spread, p => Assert.NotEqual("sim-3", p.Spec.NodeName));
            Assert.Equal("sim-3", pinned.Spec.NodeName);
            Assert.Null(stuck.Spec.NodeName);
            var condition = stuck.Status.Conditions.Single(c => c.Type == "PodScheduled");
            Assert.Equal("Unschedulable", condition.Reason);
            Assert.Equal(
                "0/3 nodes are available: 1 node(s) had untolerated taint {berth-test: x}, 2 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
                condition.Message);
        }
        finally
        {
            await cluster.Kubectl.OkAsync("taint", "nodes", "sim-3", "berth-test=x:NoSchedule-");
        }
    }

    [Fact]
    public async Task PodThatFitsNowhere_ShowsFailedSchedulingAndIsScheduledWhenAFittingNodeJoins()
    {
        var ns = await cluster.NamespaceAsync("sched");
        var pool = $"pool-{ns[^8..]}";
        await cluster.Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting, namespace: {{{ns}}}, labels: {app: waiting}}
            spec:
              nodeSelector: {berth.dev/pool: {{{pool}}}}
              containers:
              - name: c
                image: busybox
                resources: {requests: {cpu: 100m}}
            """);

        var described = await Poll.ForAsync(() => cluster.Kubectl.OkAsync("describe", "pod", "waiting", "-n", ns),
            d => d.Contains("FailedScheduling"), Converge, "a FailedScheduling event");
        Assert.Matches(
            @"Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity/selector\. "
            + @"preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling\.",
            described);
        Assert.Matches(@"PodScheduled\s+False", described);

        var node = $"sim-{pool}";
        await cluster.Cluster.AddNodeAsync(new SimulatedNodeSpec { Name = node, Labels = new Dictionary<string, string> { ["berth.dev/pool"] = pool } }, CancellationToken.None);
        try
        {
            var running = Assert.Single(await WaitForRunningAsync(ns, "app=waiting", 1));
            Assert.Equal(node, running.Spec.NodeName);
            Assert.Equal("True", Scheduled(running));
            Assert.Matches($@"Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned {ns}/waiting to {node}",
                await cluster.Kubectl.OkAsync("describe", "pod", "waiting", "-n", ns));
        }
        finally
        {
            await cluster.Kubectl.OkAsync("delete", "pod", "waiting", "-n", ns, "--wait=true");
            await cluster.Cluster.RemoveNodeAsync(node, CancellationToken.None);
        }
    }
}
