using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Pods;

/// <summary>
/// `berth pod …` and `run --pod` on real runc: an infra container holding the pod's network, IPC and UTS namespaces,
/// members that reach each other on localhost and share the host name, ports published on the pod, and Podman 4.3's
/// columns, statuses and refusals.
/// </summary>
public sealed class PodTests(BusyboxEngineRoot root) : IClassFixture<BusyboxEngineRoot>, IAsyncLifetime
{
    private const string Image = BusyboxEngineRoot.Image;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await root.BerthAsync("pod", "rm", "-f", "--all");
        await root.RemoveAllContainersAsync();
    }

    [Fact]
    public async Task Pod_CreateListInspectRemove_AsPodman()
    {
        var create = await root.BerthAsync("pod", "create", "--name", "lab", "--label", "tier=web");
        var again = await root.BerthAsync("pod", "create", "lab");
        var table = await root.BerthAsync("pod", "ps");
        var quiet = await root.BerthAsync("pod", "ls", "-q", "--no-trunc", "--filter", "label=tier=web");
        var format = await root.BerthAsync("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}} {{.Labels}}", "--filter", "status=created");
        var badFilter = await root.BerthAsync("pod", "ps", "--filter", "foo=bar");
        var inspect = await root.BerthAsync("pod", "inspect", "lab");
        var exists = await root.BerthAsync("pod", "exists", "lab");
        var infraRm = await root.BerthAsync("rm", "-f", $"{create.Stdout.Trim()[..12]}-infra");

        Assert.True(create.ExitCode == 0, create.Stderr);
        var id = create.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal((125, "Error: adding pod to state: name \"lab\" is in use: pod already exists\n"), (again.ExitCode, again.Stderr));
        Assert.Matches($@"^POD ID\s+NAME\s+STATUS\s+CREATED\s+INFRA ID\s+# OF CONTAINERS\n{id[..12]}\s+lab\s+Created\s+.+ago\s+[0-9a-f]{{12}}\s+1\n$", table.Stdout);
        Assert.Equal($"{id}\n", quiet.Stdout);
        Assert.Equal("lab Created 1 map[tier:web]\n", format.Stdout);
        Assert.Equal((125, "Error: foo is an invalid filter\n"), (badFilter.ExitCode, badFilter.Stderr));
        var pod = JsonDocument.Parse(inspect.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(id, pod.GetProperty("Id").GetString());
        Assert.Equal("lab", pod.GetProperty("Hostname").GetString());
        Assert.Equal("Created", pod.GetProperty("State").GetString());
        Assert.Equal(pod.GetProperty("InfraContainerID").GetString(), pod.GetProperty("Containers")[0].GetProperty("Id").GetString());
        Assert.Equal(0, exists.ExitCode);
        Assert.Equal(2, infraRm.ExitCode);
        Assert.Contains("is the infra container of pod", infraRm.Stderr);

        var rm = await root.BerthAsync("pod", "rm", "lab");
        var gone = await root.BerthAsync("pod", "exists", "lab");
        var missing = await root.BerthAsync("pod", "rm", "lab");
        var containers = await root.BerthAsync("ps", "-a", "-q");

        Assert.Equal((0, $"{id}\n"), (rm.ExitCode, rm.Stdout));
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal((1, "Error: no pod with name or ID lab found: no such pod\n"), (missing.ExitCode, missing.Stderr));
        Assert.Equal("", containers.Stdout);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "pods", id)));
        Assert.False(HostTraces.HasMountUnder(Path.Combine(root.Path, "pods")));
    }

    [Fact]
    public async Task Pod_Members_ShareLocalhostHostnameAndPublishedPorts()
    {
        var port = NetworkPorts.Free();
        var create = await root.BerthAsync("pod", "create", "--name", "web", "-p", $"127.0.0.1:{port}:80");
        var server = await root.BerthAsync("run", "-d", "--pod", "web", "--name", "httpd", Image,
            "sh", "-c", "mkdir /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www");
        var published = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var client = await root.BerthAsync("run", "--rm", "--pod", "web", Image, "sh", "-c", "wget -qO- http://localhost:80/index.html; hostname");
        var running = await root.BerthAsync("pod", "ps", "--format", "{{.Status}} {{.NumberOfContainers}}");
        var ownPort = await root.BerthAsync("run", "--rm", "--pod", "web", "-p", "8080:80", Image, "true");
        var refused = await root.BerthAsync("pod", "rm", "web");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.True(server.ExitCode == 0, server.Stderr);
        Assert.Equal("web\n", published);
        Assert.Equal((0, "web\nweb\n"), (client.ExitCode, client.Stdout));
        Assert.Equal("Running 2\n", running.Stdout);
        Assert.Equal((125, "Error: invalid config provided: published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod\n"),
            (ownPort.ExitCode, ownPort.Stderr));
        Assert.Equal(125, refused.ExitCode);
        Assert.StartsWith($"Error: pod {create.Stdout.Trim()} has containers that are not ready to be removed: cannot remove container ", refused.Stderr);

        var stop = await root.BerthAsync("pod", "stop", "web");
        var stopped = await root.BerthAsync("pod", "ps", "--format", "{{.Status}}");
        var infra = (await root.BerthAsync("pod", "inspect", "--format", "{{.InfraContainerID}}", "web")).Stdout.Trim();
        var rm = await root.BerthAsync("pod", "rm", "-f", "web");

        Assert.Equal((0, create.Stdout), (stop.ExitCode, stop.Stdout));
        Assert.Equal("Exited\n", stopped.Stdout);
        Assert.Equal(0, rm.ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(infra));
        Assert.Empty(await HostTraces.IptablesLinesAsync(infra, $"--dport {port} "));
        Assert.Equal("", (await root.BerthAsync("ps", "-a", "-q")).Stdout);
    }
}
