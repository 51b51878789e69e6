using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The garbage collector and the namespace controller through the real kubectl on simulated
/// nodes: cascading deletion in the background, in the foreground (the owner goes last) and with
/// orphans, dependents of owners that never existed, and a namespace emptied then removed, held
/// while content keeps a finalizer.
/// </summary>
public abstract class GarbageCollectionTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private static readonly ApiResource<Client.Serialization.ObjectMetadataOnly, Client.Serialization.ObjectMetadataOnlyList> PodsMeta =
        KubeResources.MetadataOf("", "v1", "pods", "Pod", true);

    private static readonly ApiResource<Client.Serialization.ObjectMetadataOnly, Client.Serialization.ObjectMetadataOnlyList> ReplicaSetsMeta =
        KubeResources.MetadataOf("apps", "v1", "replicasets", "ReplicaSet", true);

    private static readonly ApiResource<Client.Serialization.ObjectMetadataOnly, Client.Serialization.ObjectMetadataOnlyList> DeploymentsMeta =
        KubeResources.MetadataOf("apps", "v1", "deployments", "Deployment", true);

    private static string Deployment(string ns, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              nodeName: sim-2
              containers: [{name: web, image: busybox}]
        """;

    private async Task<IList<V1Pod>> PodsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items;

    private async Task<IList<V1ReplicaSet>> ReplicaSetsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.ReplicaSets).ListAsync(ns, null, CancellationToken.None)).Items;

    private async Task<string> DeployAsync(int replicas)
    {
        var ns = await cluster.NamespaceAsync("gc");
        await cluster.Kubectl.ApplyAsync(Deployment(ns, replicas));
        await cluster.Kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        return ns;
    }

    [Fact]
    public async Task DeleteDeployment_Foreground_GoesAfterItsReplicaSetAndPods()
    {
        var ns = await DeployAsync(2);
        var pods = await PodsAsync(ns);
        var rs = Assert.Single(await ReplicaSetsAsync(ns));
        await using var deletions = await ObservedDeletions.StartAsync(cluster.Client, ns, PodsMeta, ReplicaSetsMeta, DeploymentsMeta);

        await cluster.Kubectl.OkAsync("delete", "deployment", "web", "-n", ns, "--cascade=foreground", "--timeout=90s");

        var deployment = await Poll.ForAsync(() => Task.FromResult(deletions.RevisionOf("Deployment", "web")), r => r is not null, Converge, "the Deployment's deletion");
        var dependents = pods.Select(p => deletions.RevisionOf("Pod", p.Metadata.Name)).Append(deletions.RevisionOf("ReplicaSet", rs.Metadata.Name)).ToList();
        Assert.All(dependents, r => Assert.True(r < deployment, $"a dependent was deleted at {r}, after its Deployment at {deployment}"));
        Assert.True(deletions.RevisionOf("ReplicaSet", rs.Metadata.Name) > pods.Max(p => deletions.RevisionOf("Pod", p.Metadata.Name)),
            "the ReplicaSet waited for its pods");
    }

    [Fact]
    public async Task DeleteDeployment_Orphan_LeavesTheReplicaSetAndPodsWithoutIt()
    {
        var ns = await DeployAsync(2);

        await cluster.Kubectl.OkAsync("delete", "deployment", "web", "-n", ns, "--cascade=orphan", "--timeout=90s");

        var rs = Assert.Single(await ReplicaSetsAsync(ns));
        Assert.Null(rs.Metadata.OwnerReferences);
        var pods = await PodsAsync(ns);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(rs.Metadata.Uid, Assert.Single(p.Metadata.OwnerReferences).Uid));
        Assert.Contains("NotFound", (await cluster.Kubectl.RunAsync("get", "deployment", "web", "-n", ns)).Stderr);
    }

    [Fact]
    public async Task DeleteReplicaSet_Background_ItsPodsFollow()
    {
        var ns = await DeployAsync(2);
        await cluster.Kubectl.OkAsync("delete", "deployment", "web", "-n", ns, "--cascade=orphan");
        var rs = Assert.Single(await ReplicaSetsAsync(ns));

        await cluster.Kubectl.OkAsync("delete", "rs", rs.Metadata.Name, "-n", ns);

        await Poll.ForAsync(() => PodsAsync(ns), pods => pods.Count == 0, Converge, "no pods left");
    }

    [Fact]
    public async Task OwnerThatNeverExisted_DependentIsCollected()
    {
        var ns = await cluster.NamespaceAsync("gc");

        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: stray
              namespace: {{ns}}
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: ghost, uid: 0b4d1c5e-0000-4000-8000-000000000001}]
            data: {a: b}
            """);
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: plain, namespace: {{ns}}}
            data: {a: b}
            """);

        await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "configmap", "stray", "-n", ns)).ExitCode != 0, Converge, () => "the stray ConfigMap collected");
        await cluster.Kubectl.OkAsync("get", "configmap", "plain", "-n", ns);
    }

    [Fact]
    public async Task DeleteNamespace_HeldByAFinalizerUntilItGoes_ThenRemoved()
    {
        var ns = await DeployAsync(2);
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, namespace: {{ns}}, finalizers: [example.com/hold]}
            data: {a: b}
            """);

        await cluster.Kubectl.OkAsync("delete", "namespace", ns, "--wait=false");

        var conditions = await Poll.ForAsync(
            async () => (await cluster.Client.For(KubeResources.Namespaces).GetAsync(null, ns, CancellationToken.None)).Status.Conditions ?? [],
            c => c.Any(x => x.Type == "NamespaceFinalizersRemaining" && x.Status == "True") && c.Any(x => x.Type == "NamespaceContentRemaining" && x.Message == "Some resources are remaining: configmaps. has 1 resource instances"),
            Converge, "the namespace reporting what holds it");
        Assert.Equal("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
            conditions.Single(c => c.Type == "NamespaceFinalizersRemaining").Message);
        Assert.Equal("False", conditions.Single(c => c.Type == "NamespaceDeletionDiscoveryFailure").Status);
        Assert.Empty(await PodsAsync(ns));
        Assert.Equal("Terminating", (await cluster.Kubectl.OkAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}")).Trim());

        await cluster.Kubectl.OkAsync("patch", "configmap", "held", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");

        await cluster.Kubectl.OkAsync("wait", "--for=delete", $"namespace/{ns}", "--timeout=90s");
    }
}
