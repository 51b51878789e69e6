using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The StatefulSet controller through the real kubectl on simulated nodes: pods web-0… started one
/// at a time in order and stopped from the highest ordinal (seen through a watch), stable names,
/// hostnames and claims that outlive the pods, Parallel management, a rolling update held by a
/// partition, ControllerRevision history, and the claim retention policy.
/// </summary>
public abstract class StatefulSetTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private static string StatefulSet(string ns, int replicas, string image = "busybox:1", string policy = "OrderedReady", int partition = 0,
        string outcome = "run", string retention = "{whenDeleted: Retain, whenScaled: Retain}") => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          serviceName: web
          podManagementPolicy: {{policy}}
          updateStrategy:
            type: RollingUpdate
            rollingUpdate: {partition: {{partition}}}
          persistentVolumeClaimRetentionPolicy: {{retention}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web, {{SimulatedCluster.OutcomeLabel}}: {{outcome}}}
            spec:
              # Bound up front: no provisioner binds the claims here, so the scheduler would keep the pods waiting.
              nodeName: sim-1
              containers:
              - name: web
                image: "{{image}}"
                volumeMounts: [{name: data, mountPath: /data}]
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests: {storage: 1Gi}
        """;

    private async Task<List<V1Pod>> PodsAsync(string ns) =>
        [.. (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).OrderBy(p => p.Metadata.Name)];

    private async Task<List<V1PersistentVolumeClaim>> ClaimsAsync(string ns) =>
        [.. (await cluster.Client.For(KubeResources.PersistentVolumeClaims).ListAsync(ns, null, CancellationToken.None)).Items.OrderBy(c => c.Metadata.Name)];

    private async Task<JsonObject> StatusAsync(string ns) =>
        JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "sts", "web", "-n", ns, "-o", "json"))!["status"]!.AsObject();

    private Task<List<V1Pod>> WaitForPodsAsync(string ns, params string[] names) =>
        Poll.ForAsync(() => PodsAsync(ns), pods => pods.Select(p => p.Metadata.Name).SequenceEqual(names), Converge, $"pods {string.Join(", ", names)}");

    private Task<string> RolloutStatusAsync(string ns) => cluster.Kubectl.OkAsync("rollout", "status", "sts/web", "-n", ns, "--timeout=90s");

    [Fact]
    public async Task OrderedReady_StartsInOrderStopsInReverseAndKeepsClaims()
    {
        var ns = await cluster.NamespaceAsync("sts");
        await using var log = new PodEventLog(cluster.Client, ns);
        await log.StartedAsync();

        await cluster.Kubectl.ApplyAsync(StatefulSet(ns, 3));
        await RolloutStatusAsync(ns);

        // Each pod appears only once its predecessor is ready.
        await log.WaitForAsync(PodEventLog.Ready, "web-2", Converge);
        Assert.True(log.IndexOf(PodEventLog.Ready, "web-0") < log.IndexOf(PodEventLog.Added, "web-1"), log.Describe());
        Assert.True(log.IndexOf(PodEventLog.Ready, "web-1") < log.IndexOf(PodEventLog.Added, "web-2"), log.Describe());
        var pods = await WaitForPodsAsync(ns, "web-0", "web-1", "web-2");
        var set = await cluster.Client.For(KubeResources.StatefulSets).GetAsync(ns, "web", CancellationToken.None);
        Assert.All(pods, pod =>
        {
            var ordinal = pod.Metadata.Name[^1..];
            Assert.Equal((pod.Metadata.Name, "web"), (pod.Spec.Hostname, pod.Spec.Subdomain));
            Assert.Equal(pod.Metadata.Name, pod.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
            Assert.Equal(ordinal, pod.Metadata.Labels["apps.kubernetes.io/pod-index"]);
            Assert.Equal(set.Status.UpdateRevision, pod.Metadata.Labels["controller-revision-hash"]);
            Assert.Equal($"data-web-{ordinal}", pod.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
            Assert.Equal((set.Metadata.Uid, true), (pod.Metadata.OwnerReferences.Single().Uid, pod.Metadata.OwnerReferences.Single().Controller));
        });
        var claims = await ClaimsAsync(ns);
        Assert.Equal(["data-web-0", "data-web-1", "data-web-2"], claims.Select(c => c.Metadata.Name));
        Assert.All(claims, c => Assert.Equal("web", c.Metadata.Labels["app"]));
        var status = await StatusAsync(ns);
        Assert.Equal((3, 3, 3, 3), ((int)status["replicas"]!, (int)status["readyReplicas"]!, (int)status["currentReplicas"]!, (int)status["updatedReplicas"]!));
        Assert.Equal((string?)status["currentRevision"], (string?)status["updateRevision"]);

        await cluster.Kubectl.OkAsync("scale", "sts", "web", "-n", ns, "--replicas=1");
        await WaitForPodsAsync(ns, "web-0");
        await log.WaitForAsync(PodEventLog.Deleted, "web-1", Converge);

        // The highest ordinal goes first, and the next only once it is gone.
        Assert.True(log.IndexOf(PodEventLog.Deleted, "web-2") < log.IndexOf(PodEventLog.Terminating, "web-1"), log.Describe());
        Assert.Equal(claims.Select(c => c.Metadata.Uid), (await ClaimsAsync(ns)).Select(c => c.Metadata.Uid));

        await cluster.Kubectl.OkAsync("scale", "sts", "web", "-n", ns, "--replicas=2");
        var again = await WaitForPodsAsync(ns, "web-0", "web-1");
        Assert.Equal("data-web-1", again[1].Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal(claims.Select(c => c.Metadata.Uid), (await ClaimsAsync(ns)).Select(c => c.Metadata.Uid));
        await RolloutStatusAsync(ns);
        var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=StatefulSet", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("create Pod web-0 in StatefulSet web successful", events);
        Assert.Contains("create Claim data-web-0 Pod web-0 in StatefulSet web success", events);
        Assert.Contains("delete Pod web-2 in StatefulSet web successful", events);
    }

    [Fact]
    public async Task Parallel_CreatesEveryPodWithoutWaitingForReadiness()
    {
        var ns = await cluster.NamespaceAsync("sts");
        await cluster.Kubectl.ApplyAsync(StatefulSet(ns, 3, policy: "Parallel", outcome: "not-ready"));

        await WaitForPodsAsync(ns, "web-0", "web-1", "web-2");

        var ordered = await cluster.NamespaceAsync("sts");
        await cluster.Kubectl.ApplyAsync(StatefulSet(ordered, 3, outcome: "not-ready"));
        await Poll.UntilAsync(async () => (int?)(await StatusAsync(ordered))["replicas"] == 1, Converge, () => "web-0 created");
        Assert.Equal(["web-0"], (await PodsAsync(ordered)).Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task RollingUpdate_PartitionHoldsLowerOrdinalsThenUpdatesFromTheTop()
    {
        var ns = await cluster.NamespaceAsync("sts");
        await cluster.Kubectl.ApplyAsync(StatefulSet(ns, 3, partition: 2));
        await RolloutStatusAsync(ns);
        var first = (string)(await StatusAsync(ns))["currentRevision"]!;

        await cluster.Kubectl.ApplyAsync(StatefulSet(ns, 3, image: "busybox:2", partition: 2));
        var output = await RolloutStatusAsync(ns);

        Assert.Contains("partitioned roll out complete: 1 new pods have been updated", output);
        var pods = await PodsAsync(ns);
        Assert.Equal(["busybox:1", "busybox:1", "busybox:2"], pods.Select(p => p.Spec.Containers[0].Image));
        var status = await StatusAsync(ns);
        var second = (string)status["updateRevision"]!;
        Assert.Equal((first, 2, 1), ((string)status["currentRevision"]!, (int)status["currentReplicas"]!, (int)status["updatedReplicas"]!));
        Assert.NotEqual(first, second);

        await using var log = new PodEventLog(cluster.Client, ns);
        await log.StartedAsync();
        await cluster.Kubectl.OkAsync("patch", "sts", "web", "-n", ns, "-p", """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}""");
        await RolloutStatusAsync(ns);
        await Poll.UntilAsync(async () => (string?)(await StatusAsync(ns))["currentRevision"] == second, Converge, () => "the update revision current");

        Assert.Equal(["busybox:2", "busybox:2", "busybox:2"], (await PodsAsync(ns)).Select(p => p.Spec.Containers[0].Image));
        await log.WaitForAsync(PodEventLog.Ready, "web-0", Converge);
        Assert.True(log.IndexOf(PodEventLog.Ready, "web-1") < log.IndexOf(PodEventLog.Terminating, "web-0"), log.Describe());
        var revisions = (await cluster.Client.For(KubeResources.ControllerRevisions).ListAsync(ns, null, CancellationToken.None)).Items;
        Assert.Equal([(first, 1L), (second, 2L)], revisions.Select(r => (r.Metadata.Name, r.Revision ?? 0)).OrderBy(r => r.Item2));
        var history = await cluster.Kubectl.OkAsync("rollout", "history", "sts/web", "-n", ns);
        Assert.Matches(@"(?m)^1\s.*\n2\s", history);

        await cluster.Kubectl.OkAsync("rollout", "undo", "sts/web", "-n", ns);
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).Select(p => p.Spec.Containers[0].Image).SequenceEqual(["busybox:1", "busybox:1", "busybox:1"])
            && (string?)(await StatusAsync(ns))["currentRevision"] == first, Converge, () => "rolled back to the first revision");
        revisions = (await cluster.Client.For(KubeResources.ControllerRevisions).ListAsync(ns, null, CancellationToken.None)).Items;
        Assert.Equal([(second, 2L), (first, 3L)], revisions.Select(r => (r.Metadata.Name, r.Revision ?? 0)).OrderBy(r => r.Item2));
    }

    [Fact]
    public async Task RetentionDelete_ClaimsGoWithScaleDownAndWithTheSet()
    {
        var ns = await cluster.NamespaceAsync("sts");
        await cluster.Kubectl.ApplyAsync(StatefulSet(ns, 2, retention: "{whenDeleted: Delete, whenScaled: Delete}"));
        await RolloutStatusAsync(ns);
        Assert.Equal(["data-web-0", "data-web-1"], (await ClaimsAsync(ns)).Select(c => c.Metadata.Name));

        await cluster.Kubectl.OkAsync("scale", "sts", "web", "-n", ns, "--replicas=1");

        await Poll.ForAsync(() => ClaimsAsync(ns), claims => claims.Select(c => c.Metadata.Name).SequenceEqual(["data-web-0"]), Converge, "data-web-1 deleted");
        await cluster.Kubectl.OkAsync("delete", "sts", "web", "-n", ns);
        await Poll.ForAsync(() => ClaimsAsync(ns), claims => claims.Count == 0, Converge, "data-web-0 deleted with the set");
    }
}
