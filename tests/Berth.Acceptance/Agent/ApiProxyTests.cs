using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// pods/proxy and services/proxy through the real kubectl on real containers: `kubectl get --raw` and `kubectl proxy`
/// reach a pod's port and a Service's ready endpoint through the API server; a Service without endpoints answers 503
/// in kube's words.
/// </summary>
public sealed partial class ApiProxyTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task PodAndServiceProxy_ReachTheContainers_AlsoThroughKubectlProxy()
    {
        var json = await Kubectl.OkAsync("create", "deployment", "web", $"--image={cluster.Image}", "--replicas=2", "--dry-run=client", "-o", "json", "--",
            "httpd", "-f", "-p", "8080", "-h", "/etc");
        var deployment = JsonNode.Parse(json)!;
        deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 1;
        await Kubectl.ApplyAsync(deployment.ToJsonString());
        await Kubectl.OkAsync("create", "service", "clusterip", "web", "--tcp=80:8080");
        var pods = await Poll.ForAsync(() => cluster.PodsAsync("app=web"),
            p => p.Count == 2 && p.All(x => x["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true),
            Patience, "two ready web pods");
        var names = pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();
        await Poll.UntilAsync(async () => (await Kubectl.OkAsync("get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}")).Split(' ').Length == 2,
            Patience, () => "the web Service's two endpoints");

        // busybox httpd serves /etc: a pod's hostname file names it.
        Assert.Equal(names[0], (await Kubectl.OkAsync("get", "--raw", $"/api/v1/namespaces/default/pods/{names[0]}:8080/proxy/hostname")).Trim());
        Assert.Contains((await Kubectl.OkAsync("get", "--raw", "/api/v1/namespaces/default/services/web:80-8080/proxy/hostname")).Trim(), names);
        Assert.Contains((await Kubectl.OkAsync("get", "--raw", "/api/v1/namespaces/default/services/web/proxy/hostname")).Trim(), names);

        await using var proxy = await RunningKubectl.StartAsync(Kubectl, k => k.Stdout.Contains("Starting to serve on", StringComparison.Ordinal), "proxy", "--port=0");
        var address = ServingOn().Match(proxy.Stdout).Groups[1].Value;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Contains((await http.GetStringAsync($"http://{address}/api/v1/namespaces/default/services/web:80-8080/proxy/hostname")).Trim(), names);
        using var missing = await http.GetAsync($"http://{address}/api/v1/namespaces/default/pods/{names[0]}:8080/proxy/no-such-file");
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task ServiceWithoutEndpoints_IsServiceUnavailableInKubesWords()
    {
        await Kubectl.OkAsync("create", "service", "clusterip", "empty", "--tcp=80:8080");

        var result = await Kubectl.RunAsync("get", "--raw", "/api/v1/namespaces/default/services/empty/proxy/");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (ServiceUnavailable): no endpoints available for service \"empty\"", result.Stderr);
    }

    [GeneratedRegex(@"Starting to serve on (\S+)")]
    private static partial Regex ServingOn();
}
