using System.Net;
using System.Text.Json.Nodes;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Two real nodes on one L2 link (the server's, and `berth agent` in a network namespace of its own): each gets its own
/// pod subnet, pods on one reach pods on the other by pod IP and through a Service by name (cluster DNS and the proxy
/// on the client's node, host-gw routes between the nodes), the Service's node port answers on both nodes' addresses, a
/// replica that turns unready stops getting the Service's traffic, exec reaches a pod on the joined node through the server (and the agent's reverse tunnel, the only way in),
/// and the joined agent acts as system:node:NAME with the client certificate its join token got it. NetworkPolicies hold
/// across nodes: ingress on the receiver's node, egress on the sender's. The joined agent provisions local-path volumes on its own disk.
/// </summary>
public sealed class MultiNodeTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task PodsOnTwoNodes_ReachEachOther_ByPodIpAndByServiceName()
    {
        var first = await ReadyNodeAsync(cluster.NodeName);
        var second = await ReadyNodeAsync(cluster.Second.NodeName);
        var firstCidr = IPNetwork.Parse(first["spec"]!["podCIDR"]!.GetValue<string>());
        var secondCidr = IPNetwork.Parse(second["spec"]!["podCIDR"]!.GetValue<string>());
        Assert.NotEqual(firstCidr, secondCidr);
        Assert.Contains($"{secondCidr} via {cluster.Second.NodeAddress} ", (await DockerRegistry.RunAsync("ip", "-4", "route", "show")) + " ");
        // The joined agent is its node: a client certificate it asked for with the join token, approved and signed by the server.
        var csr = JsonNode.Parse(await Kubectl.OkAsync("get", "csr", "-o", "json"))!["items"]!.AsArray().Single()!;
        Assert.Equal("kubernetes.io/kube-apiserver-client-kubelet", csr["spec"]!["signerName"]!.GetValue<string>());
        Assert.Equal("system:bootstrap:server", csr["spec"]!["username"]!.GetValue<string>());
        Assert.Equal("AutoApproved", csr["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Approved")!["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(csr["status"]!["certificate"]?.GetValue<string>()));

        // Three web replicas on the server's node behind a NodePort Service, ready while /tmp/ready exists; a client on the joined node.
        var deployment = JsonNode.Parse(await Kubectl.OkAsync("create", "deployment", "web", $"--image={cluster.Image}", "--replicas=3",
            "--dry-run=client", "-o", "json", "--", "sh", "-c", "touch /tmp/ready && exec httpd -f -p 8080 -h /etc"))!;
        var template = deployment["spec"]!["template"]!["spec"]!;
        template["terminationGracePeriodSeconds"] = 1;
        template["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = cluster.NodeName };
        template["containers"]![0]!["readinessProbe"] = new JsonObject
        {
            ["exec"] = new JsonObject { ["command"] = new JsonArray("cat", "/tmp/ready") },
            ["periodSeconds"] = 1,
            ["failureThreshold"] = 1,
        };
        await Kubectl.ApplyAsync(deployment.ToJsonString());
        await Kubectl.OkAsync("expose", "deployment", "web", "--port=80", "--target-port=8080", "--type=NodePort");
        await Kubectl.OkAsync("run", "client", $"--image={cluster.Image}", "--restart=Never",
            $"--overrides={{\"spec\":{{\"terminationGracePeriodSeconds\":1,\"nodeName\":\"{cluster.Second.NodeName}\"}}}}", "--", "httpd", "-f", "-p", "8080", "-h", "/etc");
        var replicas = await Poll.ForAsync(() => cluster.PodsAsync("app=web"),
            pods => pods.Count == 3 && pods.All(p => p["status"]?["podIP"] is not null && Ready(p)), Patience, "3 ready web replicas");
        var client = await cluster.WaitForPhaseAsync("client", "Running");
        var clientIp = IPAddress.Parse(client["status"]!["podIP"]!.GetValue<string>());
        Assert.True(secondCidr.Contains(clientIp), $"{clientIp} is outside the joined node's {secondCidr}");
        Assert.All(replicas, p => Assert.True(firstCidr.Contains(IPAddress.Parse(p["status"]!["podIP"]!.GetValue<string>()))));
        var names = replicas.Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToHashSet();

        // The host (the first node) reaches the joined node's pod through the route to its subnet.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal("client", (await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{clientIp}:8080/hostname"),
            body => body.Length > 0, Patience, "the joined node's pod from the host")).Trim());
        // A pod on the first node reaches the pod on the joined node, and the other way round (exec through the joined node's agent).
        Assert.Equal("client", await HttpOverNcAsync(names.First(), clientIp.ToString(), 8080));
        // The exec into the joined node's pod below goes through its agent's reverse tunnel: nothing can connect to its streaming port.
        using (var direct = new System.Net.Sockets.TcpClient())
        {
            var port = await cluster.SecondStreamingPortAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                await direct.ConnectAsync(cluster.Second.NodeAddress, port, new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token));
        }
        var replicaIp = replicas[0]["status"]!["podIP"]!.GetValue<string>();
        Assert.Equal(replicas[0]["metadata"]!["name"]!.GetValue<string>(), await HttpOverNcAsync("client", replicaIp, 8080));

        // By name through the joined node's cluster DNS and Service proxy: every replica answers.
        var seen = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            seen.Add(await HttpOverNcAsync("client", "web", 80));
            return names.IsSubsetOf(seen);
        }, Patience, () => $"answers of every replica through the Service name from the joined node; seen: {string.Join(", ", seen)}");

        // The node port answers on each node's address, the joined node's proxy forwarding to the first node's pods.
        var nodePort = (await Kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.ports[0].nodePort}")).Trim();
        foreach (var nodeIp in new[] { await InternalIpAsync(cluster.NodeName), cluster.Second.NodeAddress })
        {
            Assert.Contains((await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{nodeIp}:{nodePort}/hostname"),
                body => body.Length > 0, Patience, $"the node port {nodePort} on {nodeIp}")).Trim(), names);
        }

        // A replica that turns unready stops receiving the Service's traffic; the other two keep it.
        var unready = names.First();
        await Kubectl.OkAsync("exec", unready, "--", "rm", "/tmp/ready");
        await Poll.ForAsync(async () => JsonNode.Parse(await Kubectl.OkAsync("get", "pod", unready, "-o", "json"))!.AsObject(),
            pod => !Ready(pod), Patience, $"{unready} unready");
        var stillReady = names.Where(n => n != unready).ToHashSet();
        var answers = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            answers.Add(await HttpOverNcAsync("client", "web", 80));
            var recent = answers.TakeLast(12).ToList();
            return recent.Count == 12 && recent.All(stillReady.Contains) && stillReady.IsSubsetOf(recent);
        }, Patience, () => $"12 answers in a row from the ready replicas ({string.Join(", ", stillReady)}) only; last: {string.Join(", ", answers.TakeLast(12))}");
        // A window that passed by chance is not enough: the next 12 answers too (each would reach the unready one with p = 1/3).
        for (var i = 0; i < 12; i++)
        {
            Assert.Contains(await HttpOverNcAsync("client", "web", 80), stillReady);
        }
    }

    private async Task<string> InternalIpAsync(string node) =>
        (await Kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).Trim();

    [Fact]
    public async Task NetworkPolicies_AreEnforcedOnTheReceiversNode_AndOnTheSendersNode()
    {
        await ReadyNodeAsync(cluster.NodeName);
        await ReadyNodeAsync(cluster.Second.NodeName);
        await RunOnNodeAsync("guarded", cluster.NodeName, "app=guarded");
        await RunOnNodeAsync("visitor", cluster.Second.NodeName, "role=visitor");
        var guarded = (await cluster.WaitForPhaseAsync("guarded", "Running"))["status"]!["podIP"]!.GetValue<string>();
        await cluster.WaitForPhaseAsync("visitor", "Running");
        await ReachesAsync(guarded, true);

        // Ingress, enforced by the first node's agent on traffic from the joined node: only role=allowed pods get in.
        await Kubectl.ApplyAsync("""
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"guarded-ingress"},
             "spec":{"podSelector":{"matchLabels":{"app":"guarded"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"role":"allowed"}}}]}]}}
            """);
        await ReachesAsync(guarded, false);
        await Kubectl.OkAsync("label", "pod", "visitor", "role=allowed", "--overwrite");
        await ReachesAsync(guarded, true);

        // Egress, enforced by the joined node's agent: the visitor may only reach port 9999.
        await Kubectl.ApplyAsync("""
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"visitor-egress"},
             "spec":{"podSelector":{"matchLabels":{"role":"allowed"}},"policyTypes":["Egress"],"egress":[{"ports":[{"port":9999}]}]}}
            """);
        await ReachesAsync(guarded, false);
        await Kubectl.OkAsync("delete", "networkpolicy", "visitor-egress", "guarded-ingress");
        await ReachesAsync(guarded, true);
        await Kubectl.OkAsync("delete", "pod", "guarded", "visitor", "--wait=false");
    }

    [Fact]
    public async Task TheJoinedAgent_ProvisionsTheVolume_OfAClaimWhoseFirstPodIsScheduledOnIt()
    {
        var node = cluster.Second.NodeName;
        await ReadyNodeAsync(node);
        await Kubectl.ApplyAsync("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"joined-data"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"64Mi"}}}}
            """);
        await Kubectl.ApplyAsync($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"joined-writer"},
             "spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,"nodeSelector":{"kubernetes.io/hostname":"{{{node}}}"},
              "containers":[{"name":"c","image":"{{{cluster.Image}}}","command":["sh","-c","echo kept > /data/greeting"],"volumeMounts":[{"name":"d","mountPath":"/data"}]}],
              "volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"joined-data"}}]}}
            """);
        var writer = await cluster.WaitForPhaseAsync("joined-writer", "Succeeded", "Failed");
        Assert.Equal("Succeeded", writer["status"]!["phase"]!.GetValue<string>());

        // The joined agent, as system:node:NAME, made the directory on its own disk and the PersistentVolume for it.
        var uid = (await Kubectl.OkAsync("get", "pvc", "joined-data", "-o", "jsonpath={.metadata.uid}")).Trim();
        var volume = JsonNode.Parse(await Kubectl.OkAsync("get", "pv", $"pvc-{uid}", "-o", "json"))!;
        Assert.Equal("Bound", volume["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(node, volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.GetValue<string>());
        var directory = Path.Combine(cluster.Second.DataDir, "storage", $"pvc-{uid}_default_joined-data");
        Assert.Equal("kept", File.ReadAllText(Path.Combine(directory, "greeting")).Trim());

        await Kubectl.OkAsync("delete", "pod", "joined-writer", "--timeout=60s");
        await Kubectl.OkAsync("delete", "pvc", "joined-data", "--timeout=60s");
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pv", $"pvc-{uid}")).ExitCode != 0, Patience, () => "the released volume deleted by the joined agent");
        Assert.False(Directory.Exists(directory), "the volume's directory is removed with it");
    }

    private async Task RunOnNodeAsync(string name, string node, string labels) =>
        await Kubectl.OkAsync("run", name, $"--image={cluster.Image}", "--restart=Never", $"--labels={labels}",
            $"--overrides={{\"spec\":{{\"terminationGracePeriodSeconds\":1,\"nodeName\":\"{node}\"}}}}", "--", "httpd", "-f", "-p", "8080", "-h", "/etc");

    private Task ReachesAsync(string guardedIp, bool expected) =>
        Poll.UntilAsync(async () => (await HttpOverNcAsync("visitor", guardedIp, 8080, timeoutSeconds: 2) == "guarded") == expected, Patience,
            () => $"the visitor on the joined node {(expected ? "reaching" : "no longer reaching")} the guarded pod at {guardedIp}");

    private async Task<JsonObject> ReadyNodeAsync(string name) =>
        await Poll.ForAsync(async () => JsonNode.Parse(await Kubectl.OkAsync("get", "node", name, "-o", "json"))!.AsObject(),
            n => n["spec"]?["podCIDR"] is not null && n["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true,
            Patience, $"node {name} Ready with a pod CIDR");

    private static bool Ready(JsonObject pod) =>
        pod["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true;

    // busybox-static's wget crashes in its resolver: nc speaks the HTTP, the body's last line is the answer.
    private async Task<string> HttpOverNcAsync(string pod, string host, int port, int timeoutSeconds = 5)
    {
        var result = await Kubectl.RunAsync("exec", pod, "--", "sh", "-c", $"printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w {timeoutSeconds} {host} {port}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }
}
