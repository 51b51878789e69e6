using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A <see cref="TwoNodeCluster"/> that notices a dead node within seconds: 8 s without a heartbeat, then 2 s of toleration.
/// Both nodes renew their Leases every 2 s (an 8 s duration): at the kubelet's 10 s a live node would look dead between renewals.
/// </summary>
public sealed class QuickFailoverCluster : TwoNodeCluster
{
    private static readonly string[] QuickLease = ["--node-lease-duration-seconds", "8"];

    protected override IEnumerable<string> ServerArguments =>
    [
        .. base.ServerArguments, .. QuickLease, "--node-monitor-grace-period", "8s",
        "--default-not-ready-toleration-seconds", "2", "--default-unreachable-toleration-seconds", "2",
    ];

    protected override IEnumerable<string> SecondAgentArguments => [.. base.SecondAgentArguments, .. QuickLease];
}

/// <summary>
/// Nodes leaving a real two-node cluster, through the real kubectl: `kubectl drain` of the joined node is refused while
/// a PodDisruptionBudget allows no disruption (kube's 429 wording) and, once it allows one, moves the pods one by one
/// to the other node; then the joined node's agent is killed, the node turns unreachable and tainted, and its pods come
/// back on the node that is left; restarted, the node rejoins under its name and finishes deleting its old pods.
/// </summary>
public sealed class NodeFailureTests(QuickFailoverCluster cluster) : IClassFixture<QuickFailoverCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    private string Joined => cluster.Second.NodeName;

    [Fact]
    public async Task Drain_HonoursTheDisruptionBudget_AndAKilledNodesPodsComeBackElsewhere()
    {
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.spec.podCIDR}")).Stdout.Length > 0, Patience,
            () => $"node {Joined} with a pod CIDR");
        Assert.Equal("8", await Kubectl.OkAsync("get", "lease", "-n", "kube-node-lease", Joined, "-o", "jsonpath={.spec.leaseDurationSeconds}"));
        await Kubectl.OkAsync("cordon", cluster.NodeName);
        await DeployAsync("drained", 2);
        await DeployAsync("survivor", 2);
        await ReadyOnAsync("drained", Joined, 2);
        await ReadyOnAsync("survivor", Joined, 2);
        await Kubectl.OkAsync("uncordon", cluster.NodeName);

        await Kubectl.ApplyAsync("""
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"drained"},
             "spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"drained"}}}}
            """);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pdb", "drained", "-o", "jsonpath={.status.currentHealthy}")).Stdout == "2", Patience,
            () => "the budget counting 2 healthy pods");
        var refused = await Kubectl.RunAsync("drain", Joined, "--ignore-daemonsets", "--pod-selector=app=drained", "--timeout=12s");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refused.Stderr);
        await ReadyOnAsync("drained", Joined, 2);

        await Kubectl.OkAsync("patch", "pdb", "drained", "--type=merge", "-p", "{\"spec\":{\"minAvailable\":1}}");
        var drained = await Kubectl.RunAsync("drain", Joined, "--ignore-daemonsets", "--pod-selector=app=drained", "--timeout=150s");
        Assert.True(drained.ExitCode == 0, $"kubectl drain failed: {drained.Stderr}");
        Assert.Contains($"node/{Joined} drained", drained.Stdout);
        await ReadyOnAsync("drained", cluster.NodeName, 2);

        // The joined node dies (its agent killed: no heartbeat, no status); survivor's pods are replaced on the node left.
        await cluster.Second.KillAgentAsync();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.spec.taints[*].key}")).Stdout
            .Contains("node.kubernetes.io/unreachable", StringComparison.Ordinal), Patience, () => $"node {Joined} tainted unreachable");
        Assert.Equal("Unknown", (await Kubectl.OkAsync("get", "node", Joined, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Trim());
        await ReadyOnAsync("survivor", cluster.NodeName, 2);

        // The node comes back under its name: Ready and untainted again, and it finishes the deletion of its old pods.
        await cluster.StartSecondAgentAsync();
        await JoinedReadyAndUntaintedAsync("after its agent restarted");
        await Poll.UntilAsync(async () => (await cluster.PodsAsync("app=survivor")).Count == 2, Patience, () => $"the old survivor pods on {Joined} gone");
        await Kubectl.OkAsync("delete", "deployment", "drained", "survivor");
    }

    [Fact]
    public async Task ARebuiltMachine_RejoinsUnderItsName_AndRunsItsPodsAgain()
    {
        await JoinedReadyAndUntaintedAsync("before the rebuild");
        var nodeUid = await Kubectl.OkAsync("get", "node", Joined, "-o", "jsonpath={.metadata.uid}");
        await DeployAsync("pinned", 1, Joined);
        var before = (await ReadyOnAsync("pinned", Joined, 1)).Single();

        // Reinstalled: no agent, containers, client certificate or data dir left; it joins again with the cluster's token.
        await cluster.Second.RebuildAsync();
        await cluster.StartSecondAgentAsync();

        await JoinedReadyAndUntaintedAsync("after the rebuild");
        Assert.Equal(nodeUid, await Kubectl.OkAsync("get", "node", Joined, "-o", "jsonpath={.metadata.uid}"));
        // The pod's status says Ready from before the rebuild until the new agent reports the container it started.
        var after = (await ReadyOnAsync("pinned", Joined, 1, pod => ContainerId(pod) != ContainerId(before))).Single();
        // Through the new agent's own credentials and tunnel.
        Assert.Equal("rebuilt\n", await Kubectl.OkAsync("exec", after["metadata"]!["name"]!.GetValue<string>(), "--", "echo", "rebuilt"));
        await Kubectl.OkAsync("delete", "deployment", "pinned");
    }

    private Task JoinedReadyAndUntaintedAsync(string when) =>
        Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout == "True"
            && !(await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.spec.taints[*].key}")).Stdout.Contains("unreachable", StringComparison.Ordinal),
            Patience, () => $"node {Joined} Ready and untainted {when}");

    private async Task DeployAsync(string name, int replicas, string? node = null)
    {
        var deployment = JsonNode.Parse(await Kubectl.OkAsync("create", "deployment", name, $"--image={cluster.Image}", $"--replicas={replicas}",
            "--dry-run=client", "-o", "json", "--", "httpd", "-f", "-p", "8080", "-h", "/etc"))!;
        var spec = deployment["spec"]!["template"]!["spec"]!;
        spec["terminationGracePeriodSeconds"] = 1;
        if (node is not null)
        {
            spec["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = node };
        }
        await Kubectl.ApplyAsync(deployment.ToJsonString());
    }

    private static string? ContainerId(JsonObject pod) => pod["status"]?["containerStatuses"]?[0]?["containerID"]?.GetValue<string>();

    /// <summary>
    /// Waits until <paramref name="count"/> pods of the Deployment are Ready on <paramref name="node"/> (and none of its live
    /// pods elsewhere), each also matching <paramref name="also"/>; returns them.
    /// </summary>
    private async Task<List<JsonObject>> ReadyOnAsync(string app, string node, int count, Func<JsonObject, bool>? also = null)
    {
        static List<JsonObject> Live(List<JsonObject> pods) => [.. pods.Where(p => p["metadata"]?["deletionTimestamp"] is null)];
        var pods = await Poll.ForAsync(() => cluster.PodsAsync($"app={app}"), pods =>
        {
            var live = Live(pods);
            return live.Count == count && live.All(p => p["spec"]?["nodeName"]?.GetValue<string>() == node
                && p["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true
                && (also is null || also(p)));
        }, Patience, $"{count} ready {app} pods on {node}");
        return Live(pods);
    }
}
