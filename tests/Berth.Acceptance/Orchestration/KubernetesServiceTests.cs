using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Service addresses through the real kubectl against two `berth server` processes on one etcd:
/// the `kubernetes` Service on the first address of the service CIDR with endpoints that follow the
/// servers that are up, and cluster IPs and node ports that are never handed out twice, even when
/// both servers allocate at once.
/// </summary>
public sealed class KubernetesServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private readonly EtcdProcess _etcd = new();
    private ApiServerProcess _first = null!;
    private ApiServerProcess _second = null!;

    public async Task InitializeAsync()
    {
        await _etcd.StartAsync();
        // Documentation addresses (TEST-NET-2): the endpoints only name them, nothing is sent there.
        _first = new ApiServerProcess(_etcd.Endpoint, "--node-name", "cp-1", "--advertise-address", "198.51.100.1");
        _second = new ApiServerProcess(_etcd.Endpoint, "--node-name", "cp-2", "--advertise-address", "198.51.100.2");
        try
        {
            await Task.WhenAll(_first.StartAsync(), _second.StartAsync());
        }
        catch
        {
            // xUnit does not dispose a fixture whose start failed: the server that did start must not outlive the test.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    private static async Task<string> EndpointIpsAsync(Kubectl kubectl, string kind) =>
        (await kubectl.OkAsync("get", kind, "kubernetes", "-o", kind == "endpoints"
            ? "jsonpath={.subsets[*].addresses[*].ip}"
            : "jsonpath={.endpoints[*].addresses[*]}")).Trim();

    private static async Task<string> ClusterIpAsync(Kubectl kubectl, string name, string ns) =>
        (await kubectl.OkAsync("get", "svc", name, "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).Trim();

    [Fact]
    public async Task KubernetesService_OnTheFirstAddress_EndpointsFollowTheServersThatAreUp()
    {
        var first = new Kubectl(_first);

        var table = await first.OkAsync("get", "svc", "kubernetes");
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443/TCP\s+\S+\n$", table);
        foreach (var kind in new[] { "endpoints", "endpointslice" })
        {
            await Poll.UntilAsync(async () => await EndpointIpsAsync(first, kind) == "198.51.100.1 198.51.100.2", Converge, () => $"both servers in the {kind}");
        }
        var leases = await first.OkAsync("get", "leases", "-n", "kube-system", "-l", "apiserver.kubernetes.io/identity=kube-apiserver", "-o", "jsonpath={.items[*].metadata.labels.kubernetes\\.io/hostname}");
        Assert.Equal(["cp-1", "cp-2"], leases.Split(' ').Order());

        await _second.KillAsync();

        await Poll.UntilAsync(async () => await EndpointIpsAsync(first, "endpoints") == "198.51.100.1", Converge, () => "the killed server out of the endpoints");
        Assert.Equal("198.51.100.1", await EndpointIpsAsync(first, "endpointslice"));
        Assert.Equal($"{_first.Port}", (await first.OkAsync("get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].ports[0].port}")).Trim());
    }

    [Fact]
    public async Task ClusterIpsAndNodePorts_AreNeverHandedOutTwice_AcrossServers()
    {
        var (first, second) = (new Kubectl(_first), new Kubectl(_second));
        await first.OkAsync("create", "namespace", "addr");

        // Both servers allocate at once: every Service still gets an address of its own.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? first : second).OkAsync("create", "service", "clusterip", $"s{i}", "--tcp=80:8080", "-n", "addr")));
        var ips = (await first.OkAsync("get", "svc", "-n", "addr", "-o", "jsonpath={.items[*].spec.clusterIP}")).Split(' ');
        Assert.Equal(16, ips.Distinct().Count());
        Assert.All(ips, ip => Assert.StartsWith("10.43.", ip));
        Assert.DoesNotContain("10.43.0.1", ips);

        var taken = await second.RunAsync("create", "service", "clusterip", "dup", "--tcp=80", $"--clusterip={ips[0]}", "-n", "addr");
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains($"error: failed to create ClusterIP service: Service \"dup\" is invalid: spec.clusterIPs: Invalid value: [\"{ips[0]}\"]: failed to allocate IP {ips[0]}: provided IP is already allocated", taken.Stderr);
        var outside = await second.RunAsync("create", "service", "clusterip", "far", "--tcp=80", "--clusterip=10.0.0.1", "-n", "addr");
        Assert.Contains("failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16", outside.Stderr);

        // A deleted Service's address is free again, through the other server.
        await first.OkAsync("delete", "svc", "s0", "-n", "addr");
        await second.OkAsync("create", "service", "clusterip", "reuse", "--tcp=80", $"--clusterip={ips[0]}", "-n", "addr");
        Assert.Equal(ips[0], await ClusterIpAsync(first, "reuse", "addr"));

        await first.OkAsync("create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080", "-n", "addr");
        var portTaken = await second.RunAsync("create", "service", "nodeport", "np2", "--tcp=80:8080", "--node-port=30080", "-n", "addr");
        Assert.Contains("error: failed to create NodePort service: Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated", portTaken.Stderr);
        var table = await first.OkAsync("get", "svc", "np", "-n", "addr");
        Assert.Matches(@"\nnp\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+80:30080/TCP\s+", table);
        await first.OkAsync("patch", "svc", "np", "-n", "addr", "-p", """{"spec":{"type":"ClusterIP"}}""");
        await second.OkAsync("create", "service", "nodeport", "np3", "--tcp=80:8080", "--node-port=30080", "-n", "addr");
        Assert.Matches(@"\nnp\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80/TCP\s+", await first.OkAsync("get", "svc", "np", "-n", "addr"));
    }
}
