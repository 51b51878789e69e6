using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// `kubectl port-forward` on real containers, through the API server to the node's agent (SPDY/3.1
/// tunnelled in WebSocket): two ports of one pod at once, one of them bound to the pod's localhost
/// only, each fetched twice concurrently; a Service resolved to its pod by kubectl; a port nothing
/// listens on gives kubelet's error, which kubectl prints.
/// </summary>
public sealed class PodPortForwardTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // Two httpd servers with their own page: 8080 on the pod's loopback only, 9090 on every address.
    private const string TwoServers =
        "mkdir -p /tmp/a /tmp/b; echo alpha > /tmp/a/index.html; echo beta > /tmp/b/index.html; "
        + "httpd -p 127.0.0.1:8080 -h /tmp/a; exec httpd -f -p 9090 -h /tmp/b";

    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task TwoPorts_EachFetchedTwiceConcurrently_LoopbackOnlyIncluded()
    {
        await cluster.ApplyPodAsync("pf", [cluster.ShellContainer("web", TwoServers)]);
        await cluster.WaitForPhaseAsync("pf", "Running");
        var (local8080, local9090) = (NetworkPorts.Free(), NetworkPorts.Free());

        await using var forward = await RunningKubectl.PortForwardAsync(Kubectl, 2, "pod/pf", $"{local8080}:8080", $"{local9090}:9090");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // httpd may still be starting when the pod turns Running.
        await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://127.0.0.1:{local9090}/"), b => b == "beta\n", Patience, "the page on 9090");
        var pages = await Task.WhenAll(
            http.GetStringAsync($"http://127.0.0.1:{local8080}/"),
            http.GetStringAsync($"http://127.0.0.1:{local8080}/"),
            http.GetStringAsync($"http://127.0.0.1:{local9090}/"),
            http.GetStringAsync($"http://127.0.0.1:{local9090}/"));

        Assert.Equal(["alpha\n", "alpha\n", "beta\n", "beta\n"], pages);
        Assert.Contains($"Forwarding from 127.0.0.1:{local8080} -> 8080", forward.Stdout);
        Assert.Contains($"Handling connection for {local9090}", forward.Stdout);
        Assert.False(forward.HasExited, forward.Stderr);
    }

    [Fact]
    public async Task Service_IsForwardedToItsPodsTargetPort()
    {
        await cluster.ApplyPodAsync("pf-svc", [cluster.ShellContainer("web", TwoServers)]);
        await Kubectl.OkAsync("label", "pod", "pf-svc", "app=pf-svc");
        await Kubectl.OkAsync("create", "service", "clusterip", "pf-svc", "--tcp=80:9090");
        try
        {
            await cluster.WaitForPhaseAsync("pf-svc", "Running");
            var local = NetworkPorts.Free();

            await using var forward = await RunningKubectl.PortForwardAsync(Kubectl, 1, "svc/pf-svc", $"{local}:80");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            Assert.Equal("beta\n", await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://127.0.0.1:{local}/"), b => b.Length > 0, Patience, "the page through the Service"));
            Assert.Contains($"Forwarding from 127.0.0.1:{local} -> 9090", forward.Stdout);
        }
        finally
        {
            await Kubectl.RunAsync("delete", "service", "pf-svc", "--ignore-not-found");
        }
    }

    [Fact]
    public async Task PortNothingListensOn_GivesKubeletsError_WhichKubectlPrints()
    {
        await cluster.ApplyPodAsync("pf-closed", [cluster.ShellContainer("web", "exec sleep 3600")]);
        var pod = await cluster.WaitForPhaseAsync("pf-closed", "Running");
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var local = NetworkPorts.Free();

        await using var forward = await RunningKubectl.PortForwardAsync(Kubectl, 1, "pod/pf-closed", $"{local}:7070");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{local}/"));

        await Poll.UntilAsync(() => Task.FromResult(forward.Stderr.Contains("connection refused", StringComparison.Ordinal)), Patience, () => $"kubectl's error; stderr: {forward.Stderr}");
        Assert.Contains($"an error occurred forwarding {local} -> 7070: error forwarding port 7070 to pod {uid}, uid : failed to execute portforward in network namespace", forward.Stderr);
        Assert.Contains("failed to connect to localhost:7070 inside namespace", forward.Stderr);
        Assert.Contains("dial tcp4 127.0.0.1:7070: connect: connection refused", forward.Stderr);
    }
}
