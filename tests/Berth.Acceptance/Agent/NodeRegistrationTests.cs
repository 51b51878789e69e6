using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The node agent registers its Node, renews its Lease and keeps its node Ready: the one `berth server`
/// embeds; `berth agent --server URL --token T` checks the server's CA against the token and is refused
/// with one line when its credentials are not the cluster's.
/// </summary>
public sealed class NodeRegistrationTests : IAsyncLifetime
{
    private readonly string _nodeName = $"node-{Guid.NewGuid():N}"[..13];
    private ApiServerProcess _server = null!;

    private Kubectl Kubectl => new(_server);

    public async Task InitializeAsync()
    {
        _server = new ApiServerProcess(null, "--node-name", _nodeName) { DisableAgent = false };
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonObject> NodeAsync(string name) => JsonNode.Parse(await Kubectl.OkAsync("get", "node", name, "-o", "json"))!.AsObject();

    private static string? Condition(JsonObject node, string type) =>
        node["status"]!["conditions"]!.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();

    [Fact]
    public async Task Server_EmbeddedAgent_RegistersAReadyControlPlaneNode()
    {
        // Ready once the node-ipam-controller gave it a pod CIDR: its pod network exists then.
        var node = await Poll.ForAsync(() => NodeAsync(_nodeName), n => Condition(n, "Ready") == "True", TimeSpan.FromSeconds(60), "the node Ready");

        Assert.Equal("True", Condition(node, "Ready"));
        Assert.Equal("False", Condition(node, "MemoryPressure"));
        var info = node["status"]!["nodeInfo"]!;
        Assert.StartsWith("berth://", info["containerRuntimeVersion"]!.GetValue<string>());
        Assert.Equal("v1.32.0", info["kubeletVersion"]!.GetValue<string>());
        Assert.Equal(Environment.ProcessorCount.ToString(), node["status"]!["capacity"]!["cpu"]!.GetValue<string>());
        Assert.Equal("true", node["metadata"]!["labels"]!["node-role.kubernetes.io/control-plane"]!.GetValue<string>());
        var table = await Kubectl.OkAsync("get", "nodes");
        Assert.Matches($@"{_nodeName}\s+Ready\s+control-plane,master\s+\S+\s+v1\.32\.0", table);
    }

    [Fact]
    public async Task Server_EmbeddedAgent_RenewsItsLease()
    {
        async Task<string> RenewTimeAsync() =>
            (await Kubectl.OkAsync("get", "lease", "-n", "kube-node-lease", _nodeName, "-o", "jsonpath={.spec.renewTime}")).Trim();
        var first = await Poll.ForAsync(RenewTimeAsync, t => t.Length > 0, TimeSpan.FromSeconds(30), "the node's lease");

        await Poll.ForAsync(RenewTimeAsync, t => t != first, TimeSpan.FromSeconds(30), "a renewed lease");
    }

    [Fact]
    public async Task Server_NodeMarkedUnknown_IsReportedReadyAgainByItsAgent()
    {
        // What the node lifecycle controller writes when the agent was out of touch past the grace period.
        await Kubectl.OkAsync("patch", "node", _nodeName, "--subresource=status", "-p",
            """{"status":{"conditions":[{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}]}}""");
        Assert.Equal("Unknown", Condition(await NodeAsync(_nodeName), "Ready"));

        var node = await Poll.ForAsync(() => NodeAsync(_nodeName), n => Condition(n, "Ready") == "True", TimeSpan.FromMinutes(1), "the node Ready again");

        var ready = node["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("KubeletReady", ready["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Agent_TokenWithAWrongSecret_IsRefusedByTheServerWithOneLine()
    {
        // The CA hash is right, so the agent trusts the server; the server does not know the secret.
        var token = (await File.ReadAllTextAsync(Path.Combine(_server.DataDir, "server", "token"))).Trim();
        var wrong = token[..(token.LastIndexOf(':') + 1)] + "not-the-secret";

        var result = await BerthBinary.RunAsync("agent", "--server", _server.Address.ToString(), "--token", wrong, "--node-name", "stranger");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "node", "stranger")).ExitCode);
    }

    [Fact]
    public async Task Agent_TokenOfAnotherCluster_IsRefusedWithOneLine()
    {
        var secret = (await File.ReadAllTextAsync(Path.Combine(_server.DataDir, "server", "token"))).Trim();
        var forged = "K10" + new string('0', 64) + secret[secret.IndexOf("::", StringComparison.Ordinal)..];

        var result = await BerthBinary.RunAsync("agent", "--server", _server.Address.ToString(), "--token", forged, "--node-name", "forged");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not match the join token", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "node", "forged")).ExitCode);
    }
}
