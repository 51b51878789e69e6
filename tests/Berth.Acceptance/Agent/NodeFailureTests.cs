using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>A <see cref="TwoNodeCluster"/> that notices a dead node within seconds: 8 s without a heartbeat, then 2 s of toleration.</summary>
public sealed class QuickFailoverCluster : TwoNodeCluster
{
    protected override IEnumerable<string> ServerArguments =>
    [
        .. base.ServerArguments, "--node-monitor-grace-period", "8s",
        "--default-not-ready-toleration-seconds", "2", "--default-unreachable-toleration-seconds", "2",
    ];
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
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout == "True"
            && !(await Kubectl.RunAsync("get", "node", Joined, "-o", "jsonpath={.spec.taints[*].key}")).Stdout.Contains("unreachable", StringComparison.Ordinal),
            Patience, () => $"node {Joined} Ready and untainted after its agent restarted");
        await Poll.UntilAsync(async () => (await cluster.PodsAsync("app=survivor")).Count == 2, Patience, () => $"the old survivor pods on {Joined} gone");
    }

    private async Task DeployAsync(string name, int replicas)
    {
        var deployment = JsonNode.Parse(await Kubectl.OkAsync("create", "deployment", name, $"--image={cluster.Image}", $"--replicas={replicas}",
            "--dry-run=client", "-o", "json", "--", "httpd", "-f", "-p", "8080", "-h", "/etc"))!;
        deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 1;
        await Kubectl.ApplyAsync(deployment.ToJsonString());
    }

    /// <summary>Waits until <paramref name="count"/> pods of the Deployment are Ready on <paramref name="node"/> (and none of its live pods elsewhere).</summary>
    private Task ReadyOnAsync(string app, string node, int count) =>
        Poll.ForAsync(() => cluster.PodsAsync($"app={app}"), pods =>
        {
            var live = pods.Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
            return live.Count == count && live.All(p => p["spec"]?["nodeName"]?.GetValue<string>() == node
                && p["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true);
        }, Patience, $"{count} ready {app} pods on {node}");
}
