using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`run --network bridge` (the default) with -p, through the real CNI plugins, on a bridge of the test's own.</summary>
public sealed class ContainerNetworkTests(BusyboxEngineRoot root) : BridgedContainerTests(root)
{
    [Fact]
    public async Task Run_PublishedPortOnLoopback_AnswersFromTheHost()
    {
        var port = NetworkPorts.Free();
        await WebServerAsync("web", $"127.0.0.1:{port}:80", "hello from the container");

        var body = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var list = await Root.BerthAsync("ps");

        Assert.Equal("hello from the container\n", body);
        Assert.Contains($"127.0.0.1:{port}->80/tcp", list.Stdout);
    }

    [Fact]
    public async Task Run_TwoContainers_TalkOverTheBridge()
    {
        var ip = await WebServerAsync("server", null, "over the bridge");

        var client = await Root.BerthAsync("run", "--rm", Image, "wget", "-q", "-O", "-", $"http://{ip}/index.html");

        Assert.Equal(0, client.ExitCode);
        Assert.Equal("over the bridge\n", client.Stdout);
        Assert.StartsWith(Bridge.Subnet[..^4], ip);
    }

    [Fact]
    public async Task Rm_BridgedContainer_RemovesItsNamespaceAndRules()
    {
        var port = NetworkPorts.Free();
        await WebServerAsync("temp", $"{port}:80", "x");
        var id = (await Root.BerthAsync("ps", "-q")).Stdout.Trim();
        var full = JsonDocument.Parse((await Root.BerthAsync("container", "inspect", id)).Stdout).RootElement[0].GetProperty("Id").GetString()!;
        Assert.NotEmpty(await HostTraces.IptablesLinesAsync(full[..12]));

        var rm = await Root.BerthAsync("rm", "-f", "temp");

        Assert.Equal(0, rm.ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(full));
        Assert.Empty(await HostTraces.IptablesLinesAsync(full[..12], $"--dport {port} "));
    }

    [Fact]
    public async Task Stats_BridgedContainer_CountsTheTrafficOfItsNamespace()
    {
        var ip = await WebServerAsync("counted", null, "counted bytes");
        var before = await NetworkBytesAsync("counted");

        var body = await HttpRetry.GetStringAsync($"http://{ip}/index.html");
        var after = await NetworkBytesAsync("counted");

        Assert.Equal("counted bytes\n", body);
        Assert.True(after.Rx > before.Rx && after.Tx > before.Tx, $"rx {before.Rx} -> {after.Rx}, tx {before.Tx} -> {after.Tx}");
    }

    private async Task<(long Rx, long Tx)> NetworkBytesAsync(string name)
    {
        var stats = await Root.BerthAsync("stats", "--no-stream", "--format", "json", name);
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        var row = JsonDocument.Parse(stats.Stdout).RootElement[0];
        return (row.GetProperty("NetInput").GetInt64(), row.GetProperty("NetOutput").GetInt64());
    }

    /// <summary>Starts busybox httpd serving <paramref name="body"/>; returns the container's bridge address.</summary>
    private async Task<string> WebServerAsync(string name, string? publish, string body)
    {
        string[] args = ["run", "-d", "--name", name, .. publish is null ? Array.Empty<string>() : ["-p", publish], Image,
            "sh", "-c", $"mkdir /www && echo '{body}' > /www/index.html && exec httpd -f -p 80 -h /www"];
        var run = await Root.BerthAsync(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var inspect = await Root.BerthAsync("container", "inspect", name);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("NetworkSettings").GetProperty("IPAddress").GetString()!;
    }
}
