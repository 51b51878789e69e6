namespace Berth.Acceptance.Containers;

/// <summary>
/// `run --network container:NAME|ID` against Podman 4.3's behaviour: the joiner shares the container's namespace (its
/// loopback, address and /etc/hosts), a container that does not run is started first, -p is dropped with Podman's warning,
/// and Podman's refusals word for word.
/// </summary>
public sealed class ContainerNetworkModeTests(BusyboxEngineRoot root) : BridgedContainerTests(root)
{
    /// <summary>Fetches the page of the web server on the joined namespace's loopback, retrying while the server starts.</summary>
    private static readonly string[] FetchOnLoopback =
        ["sh", "-c", "for i in $(seq 100); do wget -q -O - http://127.0.0.1:8080/ && exit 0; sleep 0.1; done; exit 1"];

    [Fact]
    public async Task Run_ContainerNetwork_ReachesTheServerOnLoopbackAndSharesItsAddressAndHosts()
    {
        var server = await Root.BerthAsync("run", "-d", "--name", "nm-web", Image,
            "sh", "-c", "mkdir /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www");
        Assert.True(server.ExitCode == 0, server.Stderr);

        var fetch = await Root.BerthAsync(["run", "--rm", "--network", "container:nm-web", Image, .. FetchOnLoopback]);
        var published = await Root.BerthAsync("run", "--rm", "-p", "9999:80", "--network", "container:nm-web", Image, "true");
        var create = await Root.BerthAsync("create", "--name", "nm-joiner", "--network", "container:" + server.Stdout.Trim()[..12], Image, "cat", "/etc/hosts");
        var mode = await Root.BerthAsync("inspect", "-f", "{{.HostConfig.NetworkMode}} {{.NetworkSettings.IPAddress}}", "nm-joiner");
        var address = await Root.BerthAsync("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "nm-web");
        var joinerHosts = await Root.BerthAsync("start", "-a", "nm-joiner");
        var serverHosts = await Root.BerthAsync("exec", "nm-web", "cat", "/etc/hosts");

        Assert.Equal((0, "hello-from-web\n"), (fetch.ExitCode, fetch.Stdout));
        Assert.Equal((0, "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n"), (published.ExitCode, published.Stderr));
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Equal($"container:{server.Stdout.Trim()} {address.Stdout.Trim()}\n", mode.Stdout);
        Assert.StartsWith(Bridge.Subnet[..^4], address.Stdout);
        Assert.Equal((0, serverHosts.Stdout), (joinerHosts.ExitCode, joinerHosts.Stdout));
    }

    [Fact]
    public async Task Run_ContainerNetworkOfAStoppedContainer_StartsItFirst_AndItsRemovalWaitsForTheJoiners()
    {
        await Root.BerthAsync("create", "--name", "nm-idle", Image, "sh", "-c", "mkdir -p /www && echo idle > /www/index.html && exec httpd -f -p 8080 -h /www");
        var id = (await Root.BerthAsync("inspect", "-f", "{{.Id}}", "nm-idle")).Stdout.Trim();

        var fromCreated = await Root.BerthAsync(["run", "--rm", "--network", "container:nm-idle", Image, .. FetchOnLoopback]);
        await Root.BerthAsync("stop", "-t", "0", "nm-idle");
        var fromExited = await Root.BerthAsync(["run", "-d", "--name", "nm-holder", "--network", "container:nm-idle", Image, "sleep", "300"]);
        var status = await Root.BerthAsync("inspect", "-f", "{{.State.Status}}", "nm-idle");
        var holder = (await Root.BerthAsync("inspect", "-f", "{{.Id}}", "nm-holder")).Stdout.Trim();
        var refused = await Root.BerthAsync("rm", "-f", "nm-idle");
        await Root.BerthAsync("rm", "-f", "nm-holder");
        var removed = await Root.BerthAsync("rm", "-f", "nm-idle");

        Assert.Equal((0, "idle\n"), (fromCreated.ExitCode, fromCreated.Stdout));
        Assert.True(fromExited.ExitCode == 0, fromExited.Stderr);
        Assert.Equal("running\n", status.Stdout);
        Assert.Equal(125, refused.ExitCode);
        Assert.Equal($"Error: container {id} has dependent containers which must be removed before it: {holder}: container already exists\n", refused.Stderr);
        Assert.Equal(0, removed.ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(id));
    }

    [Theory]
    [InlineData("container:nm-missing", null, "Error: looking up container to share net namespace with: no container with name or ID \"nm-missing\" found: no such container\n")]
    [InlineData("container:", null, "Error: invalid config provided: namespace mode container requires a value\n")]
    [InlineData("container:nm-missing", "--network-alias=web", "Error: --network-alias can only be set when the network mode is bridge: invalid argument\n")]
    [InlineData("container:nm-missing", "--ip=10.89.0.9", "Error: --ip can only be set when the network mode is bridge: invalid argument\n")]
    public async Task Run_ContainerNetwork_RefusedInPodmansWords(string network, string? flag, string error)
    {
        var run = await Root.BerthAsync(["run", "--rm", "--network", network, .. flag is null ? Array.Empty<string>() : [flag], Image, "true"]);

        Assert.Equal((125, error), (run.ExitCode, run.Stderr));
        Assert.Empty((await Root.BerthAsync("ps", "-a", "-q")).Stdout);
    }

    [Fact]
    public async Task Inspect_TableFormat_AlignedRowsWithoutAHeader_ForContainersAndImages()
    {
        await Root.BerthAsync("create", "--name", "nm-first", Image, "true");
        await Root.BerthAsync("create", "--name", "nm-second-one", Image, "true");
        var imageId = (await Root.BerthAsync("image", "inspect", "-f", "{{.Id}}", Image)).Stdout.Trim();

        var containers = await Root.BerthAsync("inspect", "--format", "table {{.Name}} {{.State.Status}}", "nm-first", "nm-second-one");
        var image = await Root.BerthAsync("image", "inspect", "--format", "table {{.Id}} {{.Size}}", Image);
        var size = (await Root.BerthAsync("image", "inspect", "--format", "{{.Size}}", Image)).Stdout.Trim();

        Assert.Equal((0, "nm-first       created\nnm-second-one  created\n"), (containers.ExitCode, containers.Stdout));
        Assert.Equal((0, $"{imageId}  {size}\n"), (image.ExitCode, image.Stdout));
    }
}
