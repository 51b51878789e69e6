using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A pod's namespaces on real containers: its containers share IPC and UTS; hostNetwork, hostPID and hostIPC keep the
/// host's (what `kubectl debug node/NAME` asks for); hostPorts are published on the node through portmap, and a hostPort
/// a host process holds fails the sandbox in kube's words.
/// </summary>
public sealed class PodNamespacesTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task DebugNode_RunsInTheHostsNetworkProcessAndIpcNamespaces_WithTheHostsRootUnderHost()
    {
        var marker = Directory.CreateTempSubdirectory("berth-debug-node-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(marker, "seen"), marker);
            var created = await Kubectl.OkAsync("debug", $"node/{cluster.NodeName}", $"--image={cluster.Image}", "--",
                "sh", "-c", $"for ns in net pid ipc mnt; do readlink /proc/self/ns/$ns; done; cat /host{marker}/seen");

            var name = created.Split(' ').Single(w => w.StartsWith("node-debugger-", StringComparison.Ordinal));
            var pod = await cluster.WaitForPhaseAsync(name, "Succeeded", "Failed");
            var logs = await Kubectl.OkAsync("logs", name);
            Assert.True(pod["status"]!["phase"]!.GetValue<string>() == "Succeeded", $"the debug pod failed: {logs}");
            var lines = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([HostNamespace("net"), HostNamespace("pid"), HostNamespace("ipc")], lines[..3]);
            Assert.NotEqual(HostNamespace("mnt"), lines[3]);
            Assert.Equal(marker, lines[4]);
            Assert.Equal(pod["status"]!["hostIP"]!.GetValue<string>(), pod["status"]!["podIP"]!.GetValue<string>());
            await Kubectl.OkAsync("delete", "pod", name, "--timeout=60s");
        }
        finally
        {
            Directory.Delete(marker, recursive: true);
        }
    }

    [Fact]
    public async Task ContainersOfAPod_ShareItsIpcAndUtsNamespaces_AndNotTheHosts()
    {
        const string Script = "readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts; hostname; exec sleep 3600";
        await cluster.ApplyPodAsync("shared", [cluster.ShellContainer("first", Script), cluster.ShellContainer("second", Script)],
            spec => spec["hostname"] = "shared-host");
        await cluster.WaitForPhaseAsync("shared", "Running");

        var first = await Poll.ForAsync(() => Kubectl.OkAsync("logs", "shared", "-c", "first"), l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            TimeSpan.FromMinutes(1), "the first container's namespaces");
        var second = await Poll.ForAsync(() => Kubectl.OkAsync("logs", "shared", "-c", "second"), l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            TimeSpan.FromMinutes(1), "the second container's namespaces");

        Assert.Equal(first, second);
        var lines = first.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(HostNamespace("ipc"), lines[0]);
        Assert.NotEqual(HostNamespace("uts"), lines[1]);
        Assert.Equal("shared-host", lines[2]);
        await Kubectl.OkAsync("delete", "pod", "shared", "--timeout=60s");
    }

    [Fact]
    public async Task HostNetworkPod_ServesOnTheNodesAddress_AndHostPortsPublishAPodsPort()
    {
        var hostPort = NetworkPorts.Free();
        await cluster.ApplyPodAsync("on-host", [cluster.ShellContainer("web", $"mkdir -p /www && echo on-host > /www/index.html && exec httpd -f -p {hostPort} -h /www")],
            spec => spec["hostNetwork"] = true);
        var published = NetworkPorts.Free();
        var web = cluster.ShellContainer("web", "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www");
        web["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = published });
        await cluster.ApplyPodAsync("published", [web]);

        var onHost = await cluster.WaitForPhaseAsync("on-host", "Running");
        await cluster.WaitForPhaseAsync("published", "Running");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var nodeAddress = onHost["status"]!["podIP"]!.GetValue<string>();
        Assert.Equal(onHost["status"]!["hostIP"]!.GetValue<string>(), nodeAddress);
        Assert.Equal("on-host", (await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{nodeAddress}:{hostPort}/"), b => b.Length > 0,
            TimeSpan.FromMinutes(1), "the host-network pod's page")).Trim());
        Assert.Equal("published", (await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://127.0.0.1:{published}/"), b => b.Length > 0,
            TimeSpan.FromMinutes(1), "the page on the pod's hostPort")).Trim());

        await Kubectl.OkAsync("delete", "pod", "on-host", "published", "--timeout=60s");
        await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://127.0.0.1:{published}/"), b => b.Length == 0,
            TimeSpan.FromMinutes(1), "the hostPort unpublished with its pod");
    }

    [Fact]
    public async Task HostPortHeldByAHostProcess_FailsThePodSandbox_UntilItIsFree()
    {
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var web = cluster.ShellContainer("web", "exec sleep 3600");
        web["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["hostPort"] = port });

        await cluster.ApplyPodAsync("port-taken", [web]);

        await cluster.WaitForEventAsync("port-taken", "FailedCreatePodSandBox", $"Failed to create pod sandbox: port {port}:8080/tcp is already in use on the host");
        Assert.Equal("Pending", (await cluster.PodAsync("port-taken"))["status"]!["phase"]!.GetValue<string>());
        holder.Stop();
        await cluster.WaitForPhaseAsync("port-taken", "Running");
        await Kubectl.OkAsync("delete", "pod", "port-taken", "--timeout=60s");
    }

    private static string HostNamespace(string kind) => new FileInfo($"/proc/self/ns/{kind}").LinkTarget!;
}
