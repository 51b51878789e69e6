using System.Diagnostics;
using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Network;

/// <summary>
/// The bridge network's edges through the real binary (the everyday paths are in
/// Containers/ContainerNetworkTests): every trace gone after rm -f, even when berth was killed
/// mid-run; port conflicts; published ports reached from other containers.
/// </summary>
public sealed class BridgeNetworkTests(BusyboxEngineRoot root) : BridgedContainerTests(root)
{
    private string SubnetPrefix => Bridge.Gateway[..^1];

    private string IpamDirectory => Path.Combine(Root.Path, "cni", "ipam", "berth");

    private string AttachmentDirectory => Path.Combine(Root.Path, "cni", "attachments");

    [Fact]
    public async Task RmForce_ContainerWithTcpAndUdpPorts_ReleasesAddressRulesAndPort()
    {
        var port = NetworkPorts.Free();
        var id = await RunServerAsync("bye", "-p", $"127.0.0.1:{port}:80", "-p", $"{NetworkPorts.Free()}:81/udp");
        var address = await IpOfAsync(id);
        Assert.Equal("bye\n", await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/"));
        Assert.NotEmpty(await HostTraces.IptablesLinesAsync(address + "/"));
        Assert.True(File.Exists(Path.Combine(IpamDirectory, address)));

        var rm = await Root.BerthAsync("rm", "-f", id);

        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.Empty(await HostTraces.IptablesLinesAsync(id, address + "/", $"--dport {port} "));
        Assert.False(File.Exists($"/run/netns/berth-{id}"));
        Assert.False(File.Exists(Path.Combine(IpamDirectory, address)));
        Assert.Empty(Directory.EnumerateFiles(AttachmentDirectory));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task RmForce_AfterBerthWasKilledDuringRun_LeavesNoNetworkTrace()
    {
        // A full run sets the time scale; then SIGKILL at points spread over it, so some land
        // before, some during and some after the CNI calls.
        var clock = Stopwatch.StartNew();
        await RunServerAsync("calibration", "-p", $"127.0.0.1:{NetworkPorts.Free()}:80");
        var full = clock.Elapsed;
        foreach (var fraction in new[] { 0.3, 0.5, 0.65, 0.8, 0.95 })
        {
            using var run = StartBerth("run", "-d", "-p", $"127.0.0.1:{NetworkPorts.Free()}:80", Image, "sleep", "60");
            await Task.Delay(full * fraction);
            run.Kill();
            await run.WaitForExitAsync();
        }
        var namespaces = Directory.EnumerateFiles(AttachmentDirectory, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("namespacePath").GetString()!)
            .ToList();

        await Root.RemoveAllContainersAsync();

        Assert.True(namespaces.Count > 1, "no killed run got as far as the network");
        Assert.Empty((await Root.BerthAsync("ps", "-a", "-q")).Stdout.Trim());
        Assert.Empty(await HostTraces.IptablesLinesAsync(SubnetPrefix));
        Assert.Empty(Directory.EnumerateFiles(IpamDirectory, SubnetPrefix + "*"));
        Assert.Empty(Directory.EnumerateFiles(AttachmentDirectory));
        Assert.DoesNotContain(namespaces, File.Exists);
    }

    [Fact]
    public async Task Run_HostPortAlreadyPublished_FailsWithOneLineAndKeepsTheFirst()
    {
        var port = NetworkPorts.Free();
        await RunServerAsync("first", "-p", $"127.0.0.1:{port}:80");

        var second = await Root.BerthAsync("run", "-d", "-p", $"{port}:80", Image, "true");

        Assert.NotEqual(0, second.ExitCode);
        Assert.StartsWith("Error:", second.Stderr);
        Assert.Contains("already published", second.Stderr);
        Assert.Single(second.Stderr.Trim().Split('\n'));
        Assert.Single(Directory.EnumerateFiles(AttachmentDirectory));
        Assert.Equal("first\n", await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task Run_PortPublishedOnAllAddresses_AnswersAnotherContainerThroughTheGateway()
    {
        var port = NetworkPorts.Free();
        var server = await RunServerAsync("via-gateway", "-p", $"{port}:80");
        await HttpRetry.GetStringAsync($"http://{await IpOfAsync(server)}/"); // ready

        var client = await Root.BerthAsync("run", "--rm", Image, "wget", "-q", "-O", "-", $"http://{Bridge.Gateway}:{port}/");

        Assert.True(client.ExitCode == 0, client.Stderr);
        Assert.Equal("via-gateway\n", client.Stdout);
    }

    private Process StartBerth(params string[] args)
    {
        var psi = new ProcessStartInfo(BerthBinary.Launcher) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--root", Root.Path, .. args])
        {
            psi.ArgumentList.Add(arg);
        }
        return Process.Start(psi)!;
    }

    /// <summary>Starts busybox httpd serving <paramref name="body"/> on port 80; returns the container id.</summary>
    private async Task<string> RunServerAsync(string body, params string[] options)
    {
        var result = await Root.BerthAsync(["run", "-d", .. options, Image, "sh", "-c",
            $"mkdir -p /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    private async Task<string> IpOfAsync(string id)
    {
        var inspect = await Root.BerthAsync("container", "inspect", id);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("NetworkSettings").GetProperty("IPAddress").GetString()!;
    }
}
