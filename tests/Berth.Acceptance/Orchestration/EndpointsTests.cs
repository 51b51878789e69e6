using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The Endpoints and EndpointSlice controllers through the real kubectl on simulated nodes: ready
/// and not-ready pods, named target ports, publishNotReadyAddresses, pods and Services going away.
/// </summary>
public abstract class EndpointsTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private static string Workload(string ns, string name, int replicas, string outcome, bool publishNotReady = false) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          selector: {app: {{name}}}
          publishNotReadyAddresses: {{(publishNotReady ? "true" : "false")}}
          ports: [{name: http, port: 80, targetPort: web}]
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}, {{SimulatedCluster.OutcomeLabel}}: {{outcome}}}
            spec:
              nodeName: sim-2
              containers: [{name: web, image: busybox, ports: [{name: web, containerPort: 8080}]}]
        """;

    private Task<V1Endpoints?> EndpointsAsync(string ns, string name) =>
        cluster.Client.For(KubeResources.Endpoints).TryGetAsync(ns, name, CancellationToken.None);

    private async Task<List<V1EndpointSlice>> SlicesAsync(string ns, string name) =>
        (await cluster.Client.For(KubeResources.EndpointSlices).ListAsync(ns, new ListOptions { LabelSelector = $"kubernetes.io/service-name={name}" }, CancellationToken.None)).Items.ToList();

    private async Task<List<V1Pod>> RunningPodsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.Pods).ListAsync(ns, null, CancellationToken.None)).Items.Where(p => p.Status?.PodIP is not null).ToList();

    [Fact]
    public async Task ReadyPods_AreTheServicesEndpointsOnTheirNamedPort()
    {
        var ns = await cluster.NamespaceAsync("ep");
        await cluster.Kubectl.ApplyAsync(Workload(ns, "web", 2, "run"));

        var endpoints = await Poll.ForAsync(() => EndpointsAsync(ns, "web"), e => e?.Subsets?.SingleOrDefault()?.Addresses?.Count == 2, Converge, "2 ready addresses");
        var pods = await RunningPodsAsync(ns);
        var subset = endpoints!.Subsets.Single();
        Assert.Equal(pods.Select(p => p.Status.PodIP).Order(), subset.Addresses.Select(a => a.Ip).Order());
        Assert.All(subset.Addresses, a => Assert.Equal(("sim-2", "Pod"), (a.NodeName, a.TargetRef.Kind)));
        Assert.Equal(("http", 8080, "TCP"), (subset.Ports.Single().Name, subset.Ports.Single().Port, subset.Ports.Single().Protocol));

        // The sync that creates the slice with the endpoints also deletes the empty placeholder: wait for both writes.
        var slice = Assert.Single(await Poll.ForAsync(() => SlicesAsync(ns, "web"), s => s.Count == 1 && s.Sum(x => x.Endpoints?.Count ?? 0) == 2, Converge, "one slice, with 2 endpoints"));
        Assert.Equal(("IPv4", "endpointslice-controller.k8s.io"), (slice.AddressType, slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]));
        Assert.Equal("Service", slice.Metadata.OwnerReferences.Single().Kind);
        Assert.All(slice.Endpoints, e => Assert.Equal((true, true, false), (e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating)));
        Assert.Equal(("http", 8080), (slice.Ports.Single().Name, slice.Ports.Single().Port));
        Assert.Contains(":8080", await cluster.Kubectl.OkAsync("get", "endpoints", "web", "-n", ns));
    }

    [Fact]
    public async Task NotReadyPods_AreNotReadyUnlessThePodsArePublishedAnyway()
    {
        var ns = await cluster.NamespaceAsync("ep");
        await cluster.Kubectl.ApplyAsync(Workload(ns, "slow", 1, "not-ready"));
        await cluster.Kubectl.ApplyAsync(Workload(ns, "eager", 1, "not-ready", publishNotReady: true));

        var slow = await Poll.ForAsync(() => EndpointsAsync(ns, "slow"), e => e?.Subsets?.SingleOrDefault()?.NotReadyAddresses?.Count == 1, Converge, "a not-ready address");
        Assert.Null(slow!.Subsets.Single().Addresses);
        var slice = await Poll.ForAsync(() => SlicesAsync(ns, "slow"), s => s.Count == 1 && s.Sum(x => x.Endpoints?.Count ?? 0) == 1, Converge, "one slice, with a not-ready endpoint");
        Assert.Equal((false, false), (slice.Single().Endpoints.Single().Conditions.Ready, slice.Single().Endpoints.Single().Conditions.Serving));
        await Poll.ForAsync(() => EndpointsAsync(ns, "eager"), e => e?.Subsets?.SingleOrDefault()?.Addresses?.Count == 1, Converge, "a published not-ready address");
    }

    [Fact]
    public async Task PodAndServiceDeleted_TheirEndpointsGo()
    {
        var ns = await cluster.NamespaceAsync("ep");
        await cluster.Kubectl.ApplyAsync(Workload(ns, "web", 2, "run"));
        await Poll.ForAsync(() => EndpointsAsync(ns, "web"), e => e?.Subsets?.SingleOrDefault()?.Addresses?.Count == 2, Converge, "2 ready addresses");

        await cluster.Kubectl.OkAsync("scale", "rs", "web", "-n", ns, "--replicas=1");
        await Poll.ForAsync(() => EndpointsAsync(ns, "web"), e => e?.Subsets?.SingleOrDefault()?.Addresses?.Count == 1, Converge, "1 ready address");
        await Poll.ForAsync(() => SlicesAsync(ns, "web"), s => s.Sum(x => x.Endpoints?.Count ?? 0) == 1, Converge, "1 endpoint in slices");
        await cluster.Kubectl.OkAsync("delete", "service", "web", "-n", ns);

        await Poll.ForAsync(() => EndpointsAsync(ns, "web"), e => e is null, Converge, "the Endpoints deleted");
        await Poll.ForAsync(() => SlicesAsync(ns, "web"), s => s.Count == 0, Converge, "the slices deleted");
    }

    [Fact]
    public async Task SelectorlessService_ItsEndpointsAreMirroredIntoSlices()
    {
        var ns = await cluster.NamespaceAsync("ep");
        await cluster.Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: {{ns}}}
            spec:
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: db, namespace: {{ns}}}
            subsets:
            - addresses: [{ip: 192.0.2.10}, {ip: 192.0.2.11}]
              notReadyAddresses: [{ip: 192.0.2.12}]
              ports: [{name: pg, port: 5432}]
            """);

        var slices = await Poll.ForAsync(() => SlicesAsync(ns, "db"), s => s.Sum(x => x.Endpoints?.Count ?? 0) == 3, Converge, "3 mirrored endpoints");
        var slice = Assert.Single(slices);
        Assert.Equal("endpointslicemirroring-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("Endpoints", slice.Metadata.OwnerReferences.Single().Kind);
        Assert.Equal(["192.0.2.10:True", "192.0.2.11:True", "192.0.2.12:False"],
            slice.Endpoints.Select(e => $"{e.Addresses[0]}:{e.Conditions.Ready}").Order());
        Assert.Equal(("pg", 5432), (slice.Ports.Single().Name, slice.Ports.Single().Port));

        await cluster.Kubectl.OkAsync("label", "endpoints", "db", "-n", ns, "endpointslice.kubernetes.io/skip-mirror=true");
        await Poll.ForAsync(() => SlicesAsync(ns, "db"), s => s.Count == 0, Converge, "the mirrored slices removed");
    }
}
