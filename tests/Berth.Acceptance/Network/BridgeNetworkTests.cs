using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Berth.Acceptance.Network;

/// <summary>`berth run` on the bridge network: published ports, container to container, nothing left after rm -f.</summary>
public sealed class BridgeNetworkTests(BridgeEngineRoot root) : IClassFixture<BridgeEngineRoot>, IAsyncLifetime
{
    private const string Image = BridgeEngineRoot.Image;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => root.RemoveAllContainersAsync();

    [Fact]
    public async Task Run_PublishedOnLoopback_ServesThePageOnThatPort()
    {
        var port = FreePort();

        var id = await RunServerAsync("hello-loopback", "-p", $"127.0.0.1:{port}:80");
        var page = await FetchAsync($"http://127.0.0.1:{port}/");

        Assert.Equal("hello-loopback\n", page);
        Assert.StartsWith(root.SubnetPrefix, await IpOfAsync(id));
    }

    [Fact]
    public async Task Run_TwoContainers_ReachEachOtherOverTheBridge()
    {
        var server = await RunServerAsync("hello-neighbour");
        var address = await IpOfAsync(server);
        await FetchAsync($"http://{address}/"); // ready

        var client = await root.BerthAsync("run", "--rm", Image, "wget", "-q", "-O", "-", $"http://{address}/");

        Assert.True(client.ExitCode == 0, client.Stderr);
        Assert.Equal("hello-neighbour\n", client.Stdout);
    }

    [Fact]
    public async Task RmForce_RunningContainerWithPorts_LeavesNoRuleNamespaceOrAddress()
    {
        var port = FreePort();
        var id = await RunServerAsync("bye", "-p", $"127.0.0.1:{port}:80", "-p", $"{FreePort()}:81/udp");
        var address = await IpOfAsync(id);
        Assert.NotEmpty(await IptablesLinesAsync(id));
        Assert.True(File.Exists(Path.Combine(root.IpamDirectory, address)));

        var rm = await root.BerthAsync("rm", "-f", id);

        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.Empty(await IptablesLinesAsync(id, address + "/", $"dport {port} "));
        Assert.False(File.Exists($"/run/netns/berth-{id}"));
        Assert.False(File.Exists(Path.Combine(root.IpamDirectory, address)));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient { Timeout = TimeSpan.FromSeconds(3) }.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task Run_PortAlreadyPublished_FailsWithOneLine()
    {
        var port = FreePort();
        await RunServerAsync("first", "-p", $"127.0.0.1:{port}:80");

        var second = await root.BerthAsync("run", "-d", "-p", $"{port}:80", Image, "true");

        Assert.NotEqual(0, second.ExitCode);
        Assert.StartsWith("Error:", second.Stderr);
        Assert.Contains("already published", second.Stderr);
        Assert.Single(second.Stderr.Trim().Split('\n'));
    }

    /// <summary>Starts busybox httpd serving <paramref name="body"/> on port 80; returns the container id.</summary>
    private async Task<string> RunServerAsync(string body, params string[] options)
    {
        var result = await root.BerthAsync(["run", "-d", .. options, Image, "sh", "-c",
            $"mkdir -p /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    private async Task<string> IpOfAsync(string id)
    {
        var inspect = await root.BerthAsync("container", "inspect", id);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("NetworkSettings").GetProperty("IPAddress").GetString()!;
    }

    // httpd starts a moment after `run -d` returns: retry until it answers.
    private static async Task<string> FetchAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<List<string>> IptablesLinesAsync(params string[] needles)
    {
        using var process = Process.Start(new ProcessStartInfo("iptables-save") { RedirectStandardOutput = true })!;
        var dump = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return dump.Split('\n').Where(line => needles.Any(line.Contains)).ToList();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
