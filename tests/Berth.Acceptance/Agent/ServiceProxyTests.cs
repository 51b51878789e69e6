using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The agent's Service proxy on real containers and the real nft: a 3-replica busybox-httpd Deployment behind a
/// NodePort Service answers through its cluster IP (from the host and from a pod, every replica in turn) and on the
/// node's address; scaled to 0 it refuses connections; a deleted Service leaves no rule. A LoadBalancer Service gets
/// the node's address from the built-in load balancer and answers on it.
/// </summary>
public sealed class ServiceProxyTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    private string Table => $"berth-proxy-{cluster.NodeName}";

    [Fact]
    public async Task NodePortService_SpreadsOverEveryReplica_RejectsWithoutEndpoints_AndLeavesNothingBehind()
    {
        // The fixture deletes the node's table after the server stops, whatever happened.
        var deployment = JsonNode.Parse(await Kubectl.OkAsync("create", "deployment", "web", $"--image={cluster.Image}", "--replicas=3",
            "--dry-run=client", "-o", "json", "--", "httpd", "-f", "-p", "8080", "-h", "/etc"))!;
        deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 1;
        await Kubectl.ApplyAsync(deployment.ToJsonString());
        await Kubectl.OkAsync("expose", "deployment", "web", "--port=80", "--target-port=8080", "--type=NodePort");
        await Kubectl.OkAsync("run", "client", $"--image={cluster.Image}", "--restart=Never",
            "--overrides={\"spec\":{\"terminationGracePeriodSeconds\":1}}", "--", "sleep", "3600");
        var service = JsonNode.Parse(await Kubectl.OkAsync("get", "service", "web", "-o", "json"))!;
        var clusterIp = service["spec"]!["clusterIP"]!.GetValue<string>();
        var nodePort = service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        var nodeIp = (await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).Trim();
        var replicas = (await Poll.ForAsync(() => cluster.PodsAsync("app=web"),
            pods => pods.Count == 3 && pods.All(p => p["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true),
            Patience, "3 ready replicas")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToHashSet();
        await cluster.WaitForPhaseAsync("client", "Running");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await AnswersFromEveryReplicaAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{clusterIp}/hostname"), replicas, "the cluster IP from the host");
        // busybox-static's wget crashes in its resolver even for an address: nc speaks the HTTP, the body's last line is the name.
        await AnswersFromEveryReplicaAsync(async () => (await Kubectl.RunAsync("exec", "client", "--", "sh", "-c",
            $"printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 {clusterIp} 80")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "",
            replicas, "the cluster IP from a pod");
        await AnswersFromEveryReplicaAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{nodeIp}:{nodePort}/hostname"), replicas, "the node port on the node's address");

        await Kubectl.OkAsync("scale", "deployment", "web", "--replicas=0");
        // Terminating replicas stay endpoints (serving) until they are gone, and one whose httpd has ended refuses by
        // itself: only once none is left do the refusals below come from the Service's reject rules.
        await Poll.ForAsync(() => cluster.PodsAsync("app=web"), pods => pods.Count == 0, Patience, "no replica left");
        await Poll.UntilAsync(async () => await ConnectErrorAsync(clusterIp, 80) == SocketError.ConnectionRefused, Patience,
            () => "connection refused by the cluster IP of a Service without endpoints");
        await Poll.UntilAsync(async () => await ConnectErrorAsync(nodeIp, nodePort) == SocketError.ConnectionRefused, Patience,
            () => "connection refused by the node port of a Service without endpoints");
        await RefusedAtTheFirstSynFromThePodAsync(clusterIp, 80);

        await Kubectl.OkAsync("delete", "service", "web");
        // Without endpoints the Service has no chain left, only its reject elements: they must go too.
        string[] traces = ["default/web/", clusterIp + " ", $"{nodePort} :"];
        var listing = "";
        await Poll.UntilAsync(async () => !traces.Any((listing = await ListTableAsync()).Contains), Patience,
            () => $"no chain or element of the deleted Service in:\n{listing}");
    }

    [Fact]
    public async Task LoadBalancerService_GetsTheNodesAddress_AnswersOnIt_AndLosesItAsClusterIp()
    {
        await Kubectl.OkAsync("run", "lb-web", $"--image={cluster.Image}", "--restart=Never", "--labels=app=lb-web",
            "--overrides={\"spec\":{\"terminationGracePeriodSeconds\":1}}", "--", "httpd", "-f", "-p", "8080", "-h", "/etc");
        await Kubectl.OkAsync("expose", "pod", "lb-web", "--port=8099", "--target-port=8080", "--type=LoadBalancer");
        var nodeIp = (await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).Trim();

        await Poll.UntilAsync(async () => await IngressAsync("lb-web") == nodeIp, Patience, () => $"status.loadBalancer.ingress of lb-web naming the node's {nodeIp}");
        var listed = (await Kubectl.OkAsync("get", "service", "lb-web")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], listed[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["lb-web", "LoadBalancer", nodeIp], listed[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i is 0 or 1 or 3));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () => (await AgentCluster.GetOrEmptyAsync(http, $"http://{nodeIp}:8099/hostname")).Trim() == "lb-web", Patience,
            () => $"lb-web answering on the load balancer's {nodeIp}:8099");

        await Kubectl.OkAsync("patch", "service", "lb-web", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
        await Poll.UntilAsync(async () => await IngressAsync("lb-web") == "", Patience, () => "no load balancer address once lb-web is a ClusterIP Service");
        await Kubectl.OkAsync("delete", "service", "lb-web");
    }

    private async Task<string> IngressAsync(string service) =>
        (await Kubectl.OkAsync("get", "service", service, "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}")).Trim();

    private static async Task AnswersFromEveryReplicaAsync(Func<Task<string>> get, IReadOnlySet<string> replicas, string what)
    {
        var seen = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            seen.Add((await get()).Trim());
            return replicas.IsSubsetOf(seen);
        }, Patience, () => $"answers of every replica ({string.Join(", ", replicas)}) through {what}; seen: {string.Join(", ", seen)}");
        Assert.Subset(replicas.Append("").ToHashSet(), seen);
    }

    /// <summary>How a TCP connect to the address ends: Success, or the socket error (refused is the reject rule's answer).</summary>
    private static async Task<SocketError> ConnectErrorAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(5));
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (TimeoutException)
        {
            return SocketError.TimedOut;
        }
    }

    /// <summary>
    /// A pod connecting to a Service without endpoints is refused at once: its SYN is answered with a reset, never
    /// retransmitted. (An ICMP unreachable would be taken as a soft error and refuse only at the retransmit.)
    /// </summary>
    private async Task RefusedAtTheFirstSynFromThePodAsync(string address, int port)
    {
        var retransmittedBefore = await SynRetransmitsInClientPodAsync();
        var connect = await Kubectl.RunAsync("exec", "client", "--", "nc", "-w", "10", address, port.ToString());
        Assert.Contains("Connection refused", connect.Stderr);
        Assert.Equal(retransmittedBefore, await SynRetransmitsInClientPodAsync());
    }

    /// <summary>TcpExt's TCPSynRetrans of the client pod's network namespace.</summary>
    private async Task<long> SynRetransmitsInClientPodAsync()
    {
        var lines = (await Kubectl.OkAsync("exec", "client", "--", "cat", "/proc/net/netstat")).Split('\n')
            .Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var column = Array.IndexOf(lines[0], "TCPSynRetrans");
        Assert.True(column > 0, "TCPSynRetrans in /proc/net/netstat");
        return long.Parse(lines[1][column]);
    }

    private async Task<string> ListTableAsync() => (await DockerRegistry.TryRunAsync("nft", "list", "table", "ip", Table)).Stdout;
}
