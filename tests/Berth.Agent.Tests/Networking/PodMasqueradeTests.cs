using Berth.Agent.Networking;

namespace Berth.Agent.Tests.Networking;

/// <summary>The masquerade table against the real nft, on a table of the test's own that is deleted even when a test fails.</summary>
public sealed class PodMasqueradeTests : IAsyncLifetime
{
    private readonly PodMasquerade _masquerade = new($"berth-test-{Guid.NewGuid():N}"[..19]);

    // Adjacent subnets would be merged in the listing (auto-merge): the test's are apart.
    [Fact]
    public async Task Apply_MasqueradesOnlyWhatLeavesEveryNodesPodCidr_AndFollowsNewNodes()
    {
        await _masquerade.ApplyAsync("10.42.0.0/24", ["10.42.0.0/24", "10.42.5.0/24"], CancellationToken.None);
        var first = await ListAsync();
        Assert.Contains("10.42.5.0/24", first);
        Assert.Contains("ip saddr 10.42.0.0/24 ip daddr != @pod-cidrs ip daddr != 224.0.0.0/4 masquerade", first);

        await _masquerade.ApplyAsync("10.42.0.0/24", ["10.42.0.0/24", "10.42.7.0/24"], CancellationToken.None);

        var second = await ListAsync();
        Assert.Contains("10.42.7.0/24", second);
        Assert.DoesNotContain("10.42.5.0/24", second);
    }

    [Fact]
    public async Task Remove_DeletesTheTable_AndIsSafeToRepeat()
    {
        await _masquerade.ApplyAsync("10.42.0.0/24", ["10.42.0.0/24"], CancellationToken.None);

        await _masquerade.RemoveAsync(CancellationToken.None);
        await _masquerade.RemoveAsync(CancellationToken.None);

        Assert.NotEqual(0, (await HostProcess.RunAsync("nft", "list", "table", "ip", _masquerade.Table)).ExitCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await HostProcess.RunAsync("nft", "delete", "table", "ip", _masquerade.Table);

    private async Task<string> ListAsync()
    {
        var list = await HostProcess.RunAsync("nft", "list", "table", "ip", _masquerade.Table);
        Assert.True(list.ExitCode == 0, list.Stderr);
        return list.Stdout;
    }
}
