namespace Berth.Acceptance.Docker;

/// <summary>
/// The real docker CLI's user networks on Berth's socket: create, ls, inspect, containers on one network reaching
/// each other, other networks kept apart, rm; nothing of a removed network stays on the host (bridge, nft chain).
/// </summary>
public sealed class DockerNetworkTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await socket.RemoveAllContainersAsync();
        await socket.DockerAsync("network", "prune", "-f");
    }

    [Fact]
    public async Task UserNetwork_ContainersOnItTalkAndOtherNetworksAreKeptApart()
    {
        var create = await socket.DockerAsync("network", "create", "--label", "team=web", "front");
        await socket.DockerAsync("network", "create", "back");
        var web = await socket.DockerAsync("run", "-d", "--name", "web", "--network", "front", DockerSocket.Image,
            "sh", "-c", "mkdir /www && echo hello > /www/index.html && httpd -f -p 80 -h /www");
        var address = (await socket.DockerAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web")).Stdout.Trim();
        var bridge = (await socket.DockerAsync("network", "inspect", "-f", "{{.Id}}", "front")).Stdout.Trim()[..12];

        var sameNetwork = await FetchAsync("front", address);
        var otherNetwork = await FetchAsync("back", address);
        var ls = await socket.DockerAsync("network", "ls", "--filter", "label=team=web", "--format", "{{.Name}} {{.Driver}}");
        var members = await socket.DockerAsync("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "front");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.True(web.ExitCode == 0, web.Stderr);
        Assert.StartsWith("10.90.", address);
        Assert.Equal((0, "hello\n"), (sameNetwork.ExitCode, sameNetwork.Stdout));
        Assert.NotEqual(0, otherNetwork.ExitCode);
        Assert.Equal("front bridge\n", ls.Stdout);
        Assert.Equal("web\n", members.Stdout);
        Assert.True(HostTraces.InterfaceExists("br-" + bridge));

        await socket.DockerAsync("rm", "-f", "web");
        var rm = await socket.DockerAsync("network", "rm", "front", "back");

        Assert.Equal((0, "front\nback\n"), (rm.ExitCode, rm.Stdout));
        Assert.False(HostTraces.InterfaceExists("br-" + bridge));
        Assert.Empty(await HostTraces.NftLinesAsync("br-" + bridge));
    }

    [Fact]
    public async Task UserNetwork_ContainersResolveEachOtherByNameAndAlias_OnlyThere()
    {
        await socket.DockerAsync("network", "create", "app");
        await socket.DockerAsync("network", "create", "elsewhere");
        var db = await socket.DockerAsync("run", "-d", "--name", "db", "--network", "app", "--network-alias", "store", DockerSocket.Image,
            "sh", "-c", "mkdir /www && echo from-db > /www/index.html && httpd -f -p 80 -h /www");

        var byName = await FetchAsync("app", "db");
        var byAlias = await FetchAsync("app", "store");
        var fromElsewhere = await FetchAsync("elsewhere", "db");
        var resolvConf = await socket.DockerAsync("run", "--rm", "--network", "app", DockerSocket.Image, "cat", "/etc/resolv.conf");
        var gateway = (await socket.DockerAsync("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", "app")).Stdout.Trim();

        Assert.True(db.ExitCode == 0, db.Stderr);
        Assert.Equal((0, "from-db\n"), (byName.ExitCode, byName.Stdout));
        Assert.Equal((0, "from-db\n"), (byAlias.ExitCode, byAlias.Stdout));
        Assert.NotEqual(0, fromElsewhere.ExitCode);
        Assert.Contains("bad address", fromElsewhere.Stderr);
        Assert.Contains($"nameserver {gateway}\n", resolvConf.Stdout);
        Assert.True(HostTraces.NameServerRuns(socket.Root));

        await socket.RemoveAllContainersAsync();

        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(!HostTraces.NameServerRuns(socket.Root)), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task NetworkInUse_RefusedUntilItsContainerIsGone()
    {
        await socket.DockerAsync("network", "create", "held");
        var run = await socket.DockerAsync("run", "-d", "--name", "holder", "--network", "held", DockerSocket.Image, "sleep", "300");
        var busy = await socket.DockerAsync("network", "rm", "held");
        var stillThere = await socket.DockerAsync("network", "ls", "-q", "--filter", "name=held");
        await socket.DockerAsync("rm", "-f", "holder");
        var rm = await socket.DockerAsync("network", "rm", "held");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.NotEqual(0, busy.ExitCode);
        Assert.Contains("has active endpoints", busy.Stderr);
        Assert.NotEqual("", stillThere.Stdout);
        Assert.Equal(0, rm.ExitCode);
    }

    [Fact]
    public async Task Connect_ContainerOnTheDefaultBridge_AnswersByAliasOnTheUserNetwork_UntilDisconnected()
    {
        await socket.DockerAsync("network", "create", "joined");
        var lone = await socket.DockerAsync("run", "-d", "--name", "lone", DockerSocket.Image,
            "sh", "-c", "mkdir /www && echo from-lone > /www/index.html && httpd -f -p 80 -h /www");

        var before = await FetchAsync("joined", "api");
        var connect = await socket.DockerAsync("network", "connect", "--alias", "api", "joined", "lone");
        var byAlias = await FetchAsync("joined", "api");
        var networks = await socket.DockerAsync("inspect", "-f", "{{range $name, $e := .NetworkSettings.Networks}}{{$name}} {{end}}", "lone");
        var members = await socket.DockerAsync("network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "joined");
        var disconnect = await socket.DockerAsync("network", "disconnect", "joined", "lone");
        var after = await FetchAsync("joined", "api");
        var noContainer = await socket.DockerAsync("network", "connect", "joined", "nosuch");

        Assert.True(lone.ExitCode == 0, lone.Stderr);
        Assert.NotEqual(0, before.ExitCode);
        Assert.True(connect.ExitCode == 0, connect.Stderr);
        Assert.Equal((0, "from-lone\n"), (byAlias.ExitCode, byAlias.Stdout));
        Assert.Equal("bridge joined \n", networks.Stdout);
        Assert.Equal("lone\n", members.Stdout);
        Assert.True(disconnect.ExitCode == 0, disconnect.Stderr);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("No such container: nosuch", noContainer.Stderr);
    }

    [Fact]
    public async Task ContainerNetworkMode_JoinerReachesTheServerOnLoopback_AndDockerdsRefusals()
    {
        var web = await socket.DockerAsync("run", "-d", "--name", "nm-web", DockerSocket.Image,
            "sh", "-c", "mkdir /www && echo from-web > /www/index.html && httpd -f -p 8080 -h /www");

        var fetch = await socket.DockerAsync("run", "--rm", "--network", "container:nm-web", DockerSocket.Image,
            "sh", "-c", "for i in $(seq 100); do wget -q -O - http://127.0.0.1:8080/ && exit 0; sleep 0.1; done; exit 1");
        var create = await socket.DockerAsync("create", "--name", "nm-joiner", "--network", "container:nm-web", DockerSocket.Image, "true");
        var mode = await socket.DockerAsync("inspect", "-f", "{{.HostConfig.NetworkMode}}", "nm-joiner");
        var missing = await socket.DockerAsync("run", "--rm", "--network", "container:nm-nosuch", DockerSocket.Image, "true");
        var hostname = await socket.DockerAsync("run", "--rm", "--network", "container:nm-web", "--hostname", "h", DockerSocket.Image, "true");
        var removeJoined = await socket.DockerAsync("rm", "-f", "nm-web");
        await socket.DockerAsync("stop", "-t", "0", "nm-web");
        var stopped = await socket.DockerAsync("run", "--rm", "--network", "container:nm-web", DockerSocket.Image, "true");
        var startJoiner = await socket.DockerAsync("start", "nm-joiner");

        Assert.True(web.ExitCode == 0, web.Stderr);
        Assert.Equal((0, "from-web\n"), (fetch.ExitCode, fetch.Stdout));
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Equal($"container:{web.Stdout.Trim()}\n", mode.Stdout);
        Assert.Equal((125, "docker: Error response from daemon: No such container: nm-nosuch"), (missing.ExitCode, missing.Stderr.Split('\n')[0].TrimEnd('.')));
        Assert.Contains("conflicting options: hostname and the network mode", hostname.Stderr);
        Assert.Contains("has dependent containers which must be removed before it", removeJoined.Stderr);
        Assert.Equal((125, "docker: Error response from daemon: cannot join network of a non running container: nm-web"), (stopped.ExitCode, stopped.Stderr.Split('\n')[0].TrimEnd('.')));
        Assert.Contains($"cannot join network of a non running container: {web.Stdout.Trim()}", startJoiner.Stderr);
        await socket.DockerAsync("rm", "nm-joiner");
    }

    [Fact]
    public async Task BadRequests_ClearErrorsAndNothingCreated()
    {
        await socket.DockerAsync("network", "create", "taken");
        var duplicate = await socket.DockerAsync("network", "create", "taken");
        var badSubnet = await socket.DockerAsync("network", "create", "--subnet", "10.90.7.1/24", "typo");
        var unknown = await socket.DockerAsync("run", "--rm", "--network", "nowhere", DockerSocket.Image, "true");
        var predefined = await socket.DockerAsync("network", "rm", "bridge");
        var ls = await socket.DockerAsync("network", "ls", "--format", "{{.Name}}");
        var containers = await socket.DockerAsync("ps", "-a", "-q");

        Assert.Contains("network with name taken already exists", duplicate.Stderr);
        Assert.Contains("invalid subnet", badSubnet.Stderr);
        Assert.Contains("network nowhere not found", unknown.Stderr);
        Assert.NotEqual(0, predefined.ExitCode);
        Assert.Equal("bridge\nhost\nnone\ntaken\n", ls.Stdout);
        Assert.Equal("", containers.Stdout);
    }

    // busybox wget -T crashes; timeout kills it, which needs a shell as PID 1 (the kernel spares PID 1 from signals it does not
    // handle), so the shell must not exec the last command.
    private Task<ProcessResult> FetchAsync(string network, string host) =>
        socket.DockerAsync("run", "--rm", "--network", network, DockerSocket.Image, "sh", "-c", $"timeout 3 wget -q -O- http://{host}/; exit $?");
}
