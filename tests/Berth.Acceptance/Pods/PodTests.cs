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
        // mkdir -p: the container's writable layer keeps /www when the pod starts again, as Podman's does.
        var server = await root.BerthAsync("run", "-d", "--pod", "web", "--name", "httpd", Image,
            "sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www");
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
        var start = await root.BerthAsync("pod", "start", "web");
        var again = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var httpdAlone = await root.BerthAsync("stop", "-t", "0", "httpd");
        var degraded = await root.BerthAsync("pod", "ps", "--format", "{{.Status}}");
        var infra = (await root.BerthAsync("pod", "inspect", "--format", "{{.InfraContainerID}}", "web")).Stdout.Trim();
        var rm = await root.BerthAsync("pod", "rm", "-f", "web");

        Assert.Equal((0, create.Stdout), (stop.ExitCode, stop.Stdout));
        Assert.Equal("Exited\n", stopped.Stdout);
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal("web\n", again);
        Assert.Equal(0, httpdAlone.ExitCode);
        Assert.Equal("Degraded\n", degraded.Stdout);
        Assert.Equal(0, rm.ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(infra));
        Assert.Empty(await HostTraces.IptablesLinesAsync(infra, $"--dport {port} "));
        Assert.Equal("", (await root.BerthAsync("ps", "-a", "-q")).Stdout);
    }

    [Fact]
    public async Task RunPodNew_CreatesThePodWithThePorts_PsPodAndPodTopShowIt()
    {
        var port = NetworkPorts.Free();
        var run = await root.BerthAsync("run", "-d", "--pod", "new:fresh", "--name", "sleeper", "-p", $"127.0.0.1:{port}:80", Image,
            "sh", "-c", "echo ok > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        var published = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var podId = (await root.BerthAsync("pod", "inspect", "--format", "{{.Id}}", "fresh")).Stdout.Trim();
        var ps = await root.BerthAsync("ps", "--pod", "--filter", "name=sleeper");
        var json = await root.BerthAsync("ps", "--format", "json", "--filter", "name=sleeper");
        var top = await root.BerthAsync("pod", "top", "fresh", "pid", "args");
        var badDescriptor = await root.BerthAsync("pod", "top", "fresh", "nosuch");
        var taken = await root.BerthAsync("run", "-d", "--pod", "new:fresh", Image, "true");
        var failed = await root.BerthAsync("run", "-d", "--pod", "new:doomed", "localhost/nosuch:1", "true");
        var doomed = await root.BerthAsync("pod", "exists", "doomed");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("ok\n", published);
        Assert.Matches($@"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\s+POD ID\s+PODNAME\n[0-9a-f]{{12}}\s+.+\s+sleeper\s+{podId[..12]}\s+fresh\n$", ps.Stdout);
        var row = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal((podId, "fresh"), (row.GetProperty("Pod").GetString(), row.GetProperty("PodName").GetString()));
        Assert.True(top.ExitCode == 0, top.Stderr);
        Assert.Matches(@"^PID\s+COMMAND\n", top.Stdout);
        Assert.Contains("/pause", top.Stdout);
        Assert.Contains("httpd -f -p 80 -h /tmp", top.Stdout);
        Assert.Equal((125, "Error: 'nosuch': unknown descriptor\n"), (badDescriptor.ExitCode, badDescriptor.Stderr));
        Assert.Equal((125, "Error: adding pod to state: name \"fresh\" is in use: pod already exists\n"), (taken.ExitCode, taken.Stderr));
        Assert.Equal(125, failed.ExitCode);
        Assert.Equal(1, doomed.ExitCode);

        var stop = await root.BerthAsync("pod", "stop", "-t", "0", "fresh");
        var stoppedTop = await root.BerthAsync("pod", "top", "fresh");

        Assert.Equal(0, stop.ExitCode);
        Assert.Equal((125, "Error: pod top can only be used on pods with at least one running container\n"), (stoppedTop.ExitCode, stoppedTop.Stderr));
    }

    [Fact]
    public async Task PodCreate_InfraImage_RunsThatImageAsInfra()
    {
        var context = Directory.CreateTempSubdirectory("berth-infra-");
        File.WriteAllText(Path.Combine(context.FullName, "Containerfile"), $"FROM {Image}\nCMD [\"sleep\", \"1000\"]\n");
        var build = await root.BerthAsync("build", "-t", "localhost/sleeper:1", context.FullName);
        context.Delete(recursive: true);
        var create = await root.BerthAsync("pod", "create", "--infra-image", "localhost/sleeper:1", "own");
        var start = await root.BerthAsync("pod", "start", "own");
        var infra = await root.BerthAsync("ps", "--pod", "--format", "{{.Image}} {{.Command}} {{.PodName}}");
        var noCommand = await root.BerthAsync("pod", "create", "--infra-image", Image, "bare");
        var missing = await root.BerthAsync("pod", "create", "--infra-image", "localhost/nosuch:1", "none");
        var pods = await root.BerthAsync("pod", "ps", "--format", "{{.Name}}");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal("localhost/sleeper:1 sleep 1000 own\n", infra.Stdout);
        Assert.Equal((125, "Error: no command specified: the image has no CMD or ENTRYPOINT and none was given\n"), (noCommand.ExitCode, noCommand.Stderr));
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("localhost/nosuch:1", missing.Stderr);
        Assert.Equal("own\n", pods.Stdout);
        Assert.Equal(0, (await root.BerthAsync("pod", "rm", "-f", "own")).ExitCode);
        Assert.Equal(0, (await root.BerthAsync("rmi", "localhost/sleeper:1")).ExitCode);
    }

    [Fact]
    public async Task PodCreate_InfraCommandNameAndHostname_ShowInInspectPsAndTheMembers()
    {
        var create = await root.BerthAsync("pod", "create", "--infra-image", Image, "--infra-command", "[\"sleep\", \"1001\"]", "--infra-name", "lab-infra", "--hostname", "labhost", "cmdpod");
        var inspect = await root.BerthAsync("pod", "inspect", "--format", "{{json .InfraConfig.InfraCommand}} {{.Hostname}}", "cmdpod");
        var member = await root.BerthAsync("run", "-d", "--pod", "cmdpod", "--name", "cmdmember", Image, "sleep", "1002");
        var infra = await root.BerthAsync("ps", "--filter", "name=lab-infra", "--format", "{{.Names}} {{.Command}}");
        var hostname = await root.BerthAsync("exec", "cmdmember", "hostname");
        var psTop = await root.BerthAsync("pod", "top", "cmdpod", "-o", "pid,args");
        var badCommand = await root.BerthAsync("pod", "create", "--infra-command", "[oops", "badpod");
        var badPod = await root.BerthAsync("pod", "exists", "badpod");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Equal("[\"sleep\",\"1001\"] labhost\n", inspect.Stdout);
        Assert.True(member.ExitCode == 0, member.Stderr);
        Assert.Equal("lab-infra sleep 1001\n", infra.Stdout);
        Assert.Equal("labhost\n", hostname.Stdout);
        Assert.True(psTop.ExitCode == 0, psTop.Stderr);
        Assert.Matches(@"^\s*PID\s+COMMAND\n", psTop.Stdout);
        Assert.Contains("sleep 1002", psTop.Stdout);
        Assert.DoesNotContain("pid,args", psTop.Stdout);
        Assert.Equal(125, badCommand.ExitCode);
        Assert.StartsWith("Error: --infra-command [oops: not a JSON array of strings", badCommand.Stderr);
        Assert.Equal(1, badPod.ExitCode);
    }

    [Fact]
    public async Task RunPodNew_MemberHostname_IsThePodsName()
    {
        var run = await root.BerthAsync("run", "--rm", "--pod", "new:named", Image, "hostname");
        var pods = await root.BerthAsync("pod", "ls", "--format", "{{.Name}}", "--filter", "name=named");

        Assert.Equal((0, "named\n"), (run.ExitCode, run.Stdout));
        Assert.Equal("named\n", pods.Stdout);
    }
}
