using Berth.Agent.Networking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Agent.Tests.Networking;

/// <summary>
/// Routes in the kernel's main table through an address on a bridge of the test's own (no port, nothing switched), all
/// removed again even when a test fails.
/// </summary>
public sealed class PodRouteTableTests : IAsyncLifetime
{
    private readonly string _bridge = $"brt{Guid.NewGuid():N}"[..12];
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"pod-routes-{Guid.NewGuid():N}");
    private readonly int _octet = Random.Shared.Next(10, 250);

    private string LinkNet => $"10.253.{_octet}";

    private string PodCidr(int node) => $"10.254.{_octet}.{node * 16}/28";

    [Fact]
    public async Task Apply_AddsRoutesThroughOnLinkNodes_RemovesThoseNoLongerWanted_AndOnlyItsOwn()
    {
        var table = new PodRouteTable(_state, NullLogger<PodRouteTable>.Instance);
        await table.ApplyAsync([new PodRoute(PodCidr(1), $"{LinkNet}.2"), new PodRoute(PodCidr(2), $"{LinkNet}.3")], CancellationToken.None);
        Assert.Contains($"{PodCidr(1)} via {LinkNet}.2", await RoutesAsync());
        Assert.Contains($"{PodCidr(2)} via {LinkNet}.3", await RoutesAsync());
        // Someone else's route on the same link stays whatever this table does.
        await HostProcess.RunAsync("ip", "route", "add", PodCidr(3), "via", $"{LinkNet}.4");

        await table.ApplyAsync([new PodRoute(PodCidr(2), $"{LinkNet}.3")], CancellationToken.None);

        var routes = await RoutesAsync();
        Assert.DoesNotContain(PodCidr(1), routes);
        Assert.Contains($"{PodCidr(2)} via {LinkNet}.3", routes);
        Assert.Contains($"{PodCidr(3)} via {LinkNet}.4", routes);
    }

    [Fact]
    public async Task Apply_AfterACrash_RemovesTheRoutesTheStateFileNames()
    {
        await new PodRouteTable(_state, NullLogger<PodRouteTable>.Instance).ApplyAsync([new PodRoute(PodCidr(1), $"{LinkNet}.2")], CancellationToken.None);

        // A new agent process: it knows its old routes only from the state file.
        await new PodRouteTable(_state, NullLogger<PodRouteTable>.Instance).ApplyAsync([], CancellationToken.None);

        Assert.DoesNotContain(PodCidr(1), await RoutesAsync());
    }

    [Fact]
    public async Task Apply_SkipsANodeWhoseAddressIsNotOnALink()
    {
        var table = new PodRouteTable(_state, NullLogger<PodRouteTable>.Instance);
        // A node behind a router: its address is reached through a gateway, not on a link of this host.
        var remote = $"203.0.113.{_octet}";
        await HostProcess.RunAsync("ip", "route", "add", remote + "/32", "via", $"{LinkNet}.2");

        await table.ApplyAsync([new PodRoute(PodCidr(1), remote)], CancellationToken.None);

        Assert.DoesNotContain(PodCidr(1), await RoutesAsync());
    }

    public async Task InitializeAsync()
    {
        await HostProcess.RunAsync("ip", "link", "add", _bridge, "type", "bridge");
        await HostProcess.RunAsync("ip", "addr", "add", $"{LinkNet}.1/24", "dev", _bridge);
        var up = await HostProcess.RunAsync("ip", "link", "set", _bridge, "up");
        Assert.True(up.ExitCode == 0, up.Stderr);
    }

    public async Task DisposeAsync()
    {
        // Deleting the link takes every route through it along.
        await HostProcess.RunAsync("ip", "link", "del", _bridge);
        File.Delete(_state);
    }

    private async Task<string> RoutesAsync() => (await HostProcess.RunAsync("ip", "-4", "route", "show")).Stdout;
}
