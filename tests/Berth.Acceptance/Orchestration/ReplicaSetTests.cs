using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The ReplicaSet controller through the real kubectl, on simulated nodes: pods created to match,
/// replaced when deleted, removed on scale-down, orphans adopted and relabelled pods released.
/// </summary>
public abstract class ReplicaSetTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

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
              nodeName: sim-1
              containers: [{name: web, image: busybox}]
        """;

    private async Task<IList<V1Pod>> PodsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, new ListOptions { LabelSelector = "app=web" }, CancellationToken.None)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    private async Task<JsonObject> ReplicaSetStatusAsync(string ns) =>
        JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "rs", "web", "-n", ns, "-o", "json"))!["status"]!.AsObject();

    private Task<IList<V1Pod>> WaitForPodsAsync(string ns, int count) =>
        Poll.ForAsync(() => PodsAsync(ns), pods => pods.Count == count, Converge, $"{count} pods in {ns}");

    [Fact]
    public async Task Apply_ThreeReplicas_CreatesThreeOwnedPodsAndReportsThemReady()
    {
        var ns = await cluster.NamespaceAsync("rs");

        await cluster.Kubectl.ApplyAsync(ReplicaSet(ns, 3));

        var pods = await WaitForPodsAsync(ns, 3);
        var rs = await cluster.Client.For(KubeResources.ReplicaSets).GetAsync(ns, "web", CancellationToken.None);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.Name);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal((rs.Metadata.Uid, "ReplicaSet", true, true), (owner.Uid, owner.Kind, owner.Controller, owner.BlockOwnerDeletion));
        });
        var status = await Poll.ForAsync(() => ReplicaSetStatusAsync(ns), s => (int?)s["availableReplicas"] == 3, Converge, "3 available replicas");
        Assert.Equal((3, 3, 3, 1), ((int)status["replicas"]!, (int)status["fullyLabeledReplicas"]!, (int)status["readyReplicas"]!, (int)status["observedGeneration"]!));
        var events = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=ReplicaSet,reason=SuccessfulCreate", "-o", "name");
        Assert.Equal(3, events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task DeletePod_ItIsReplaced()
    {
        var ns = await cluster.NamespaceAsync("rs");
        await cluster.Kubectl.ApplyAsync(ReplicaSet(ns, 2));
        var before = await WaitForPodsAsync(ns, 2);

        await cluster.Kubectl.OkAsync("delete", "pod", before[0].Metadata.Name, "-n", ns);

        var after = await Poll.ForAsync(() => PodsAsync(ns), pods => pods.Count == 2 && pods.All(p => p.Metadata.Name != before[0].Metadata.Name),
            Converge, "a replacement pod");
        Assert.Contains(after, p => p.Metadata.Name == before[1].Metadata.Name);
    }

    [Fact]
    public async Task Scale_DownThenUp_DeletesAndCreatesToTheCount()
    {
        var ns = await cluster.NamespaceAsync("rs");
        await cluster.Kubectl.ApplyAsync(ReplicaSet(ns, 4));
        await WaitForPodsAsync(ns, 4);

        await cluster.Kubectl.OkAsync("scale", "rs", "web", "-n", ns, "--replicas=1");
        await WaitForPodsAsync(ns, 1);
        await cluster.Kubectl.OkAsync("scale", "rs", "web", "-n", ns, "--replicas=2");
        await WaitForPodsAsync(ns, 2);

        var status = await Poll.ForAsync(() => ReplicaSetStatusAsync(ns), s => (int?)s["readyReplicas"] == 2 && (int?)s["replicas"] == 2, Converge, "2 ready replicas");
        Assert.Equal(3, (int)status["observedGeneration"]!);
    }

    [Fact]
    public async Task Orphans_MatchingAreAdoptedAndRelabelledAreReleased()
    {
        var ns = await cluster.NamespaceAsync("rs");
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: orphan
              namespace: {{ns}}
              labels: {app: web}
            spec:
              nodeName: sim-2
              containers: [{name: web, image: busybox}]
            """);

        await cluster.Kubectl.ApplyAsync(ReplicaSet(ns, 2));
        var pods = await WaitForPodsAsync(ns, 2);
        Assert.Contains(pods, p => p.Metadata.Name == "orphan" && p.Metadata.OwnerReferences?.Single().Name == "web");

        await cluster.Kubectl.OkAsync("label", "pod", "orphan", "-n", ns, "app=other", "--overwrite");

        await WaitForPodsAsync(ns, 2);
        var released = await Poll.ForAsync(() => cluster.Client.For(KubeResources.Pods).GetAsync(ns, "orphan", CancellationToken.None),
            p => p.Metadata.OwnerReferences is null or { Count: 0 }, Converge, "the relabelled pod released");
        Assert.Equal("other", released.Metadata.Labels["app"]);
    }
}
