using System.Text.Json.Nodes;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// NetworkPolicies on real containers and the real nft, through the real kubectl: a default-deny policy blocks every
/// client of a web pod; an allow policy lets in the pods it selects (by pod label in its namespace, and by namespace
/// and pod label from another) on the web pod's named port, and no one else; an egress policy holds a pod to what it
/// allows; deleting the policies opens everything again and leaves no pod chain behind.
/// </summary>
public sealed class NetworkPolicyTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task Policies_BlockAndAllow_ByPodNamespaceAndNamedPort_ThenLeaveNothingBehind()
    {
        try
        {
            await Kubectl.ApplyAsync(Namespace("np-front", "front"));
            await Kubectl.ApplyAsync(Namespace("np-back", "back"));
            await Kubectl.ApplyAsync(Pod("np-front", "web", "app", "web", ["httpd", "-f", "-p", "8080", "-h", "/etc"]));
            await Kubectl.ApplyAsync(Pod("np-front", "client", "role", "client", ["sleep", "3600"]));
            await Kubectl.ApplyAsync(Pod("np-front", "stranger", "role", "stranger", ["sleep", "3600"]));
            await Kubectl.ApplyAsync(Pod("np-back", "outsider", "role", "client", ["sleep", "3600"]));
            foreach (var (ns, name) in new[] { ("np-front", "web"), ("np-front", "client"), ("np-front", "stranger"), ("np-back", "outsider") })
            {
                await Kubectl.OkAsync("wait", "-n", ns, "--for=condition=Ready", $"pod/{name}", "--timeout=120s");
            }
            var web = (await Kubectl.OkAsync("get", "pod", "-n", "np-front", "web", "-o", "jsonpath={.status.podIP}")).Trim();

            await ReachesAsync("np-front", "client", web, true);
            await ReachesAsync("np-front", "stranger", web, true);
            await ReachesAsync("np-back", "outsider", web, true);

            await Kubectl.ApplyAsync(Policy("np-front", "deny-all", new JsonObject(), new JsonArray(), null));
            await ReachesAsync("np-front", "client", web, false);
            await ReachesAsync("np-back", "outsider", web, false);

            var fromClients = new JsonObject
            {
                ["from"] = new JsonArray(
                    new JsonObject { ["podSelector"] = Labels("role", "client") },
                    new JsonObject { ["namespaceSelector"] = Labels("tier", "back"), ["podSelector"] = Labels("role", "client") }),
                ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = "http" }),
            };
            await Kubectl.ApplyAsync(Policy("np-front", "web-from-clients", Labels("app", "web"), new JsonArray(fromClients), null));
            await ReachesAsync("np-front", "client", web, true);
            await ReachesAsync("np-back", "outsider", web, true);
            await ReachesAsync("np-front", "stranger", web, false);

            // Egress: the outsider may only reach port 9999 anywhere, so the web pod is out of its reach again.
            var onlyPort9999 = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = 9999 }) };
            await Kubectl.ApplyAsync(Policy("np-back", "egress-9999", new JsonObject(), null, new JsonArray(onlyPort9999)));
            await ReachesAsync("np-back", "outsider", web, false);

            await Kubectl.OkAsync("delete", "networkpolicy", "-n", "np-back", "egress-9999");
            await Kubectl.OkAsync("delete", "networkpolicies", "-n", "np-front", "--all");
            await ReachesAsync("np-front", "stranger", web, true);
            await ReachesAsync("np-back", "outsider", web, true);
            var table = await DockerRegistry.TryRunAsync("nft", "list", "table", "ip", $"berth-policy-{cluster.NodeName}");
            Assert.True(table.ExitCode == 0, $"the node's policy table is missing: {table.Stderr}");
            Assert.DoesNotContain("ingress-", table.Stdout);
            Assert.DoesNotContain("egress-", table.Stdout);
        }
        finally
        {
            await Kubectl.RunAsync("delete", "namespace", "np-front", "np-back", "--wait=true", "--timeout=60s");
        }
    }

    /// <summary>Waits until a GET of the web pod's /etc/hostname from <paramref name="pod"/> answers (or stops answering).</summary>
    private Task ReachesAsync(string ns, string pod, string webIp, bool expected) =>
        Poll.UntilAsync(async () =>
        {
            // busybox-static's wget crashes in its resolver even for an address: nc speaks the HTTP, the body's last line is the name.
            var result = await Kubectl.RunAsync("exec", "-n", ns, pod, "--", "sh", "-c", $"printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {webIp} 8080");
            var answered = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() == "web";
            return answered == expected;
        }, Patience, () => $"{ns}/{pod} {(expected ? "reaching" : "no longer reaching")} the web pod at {webIp}:8080");

    private static string Namespace(string name, string tier) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["tier"] = tier } } }.ToJsonString();

    private string Pod(string ns, string name, string labelKey, string labelValue, string[] command) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { [labelKey] = labelValue } },
        ["spec"] = new JsonObject
        {
            ["terminationGracePeriodSeconds"] = 1,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = cluster.Image,
                ["command"] = new JsonArray([.. command.Select(c => (JsonNode)c)]),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
            }),
        },
    }.ToJsonString();

    private static JsonObject Labels(string key, string value) => new() { ["matchLabels"] = new JsonObject { [key] = value } };

    private static string Policy(string ns, string name, JsonObject podSelector, JsonArray? ingress, JsonArray? egress)
    {
        var spec = new JsonObject { ["podSelector"] = podSelector, ["policyTypes"] = new JsonArray(ingress is null ? "Egress" : "Ingress") };
        if (ingress is not null)
        {
            spec["ingress"] = ingress;
        }
        if (egress is not null)
        {
            spec["egress"] = egress;
        }
        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        }.ToJsonString();
    }
}
