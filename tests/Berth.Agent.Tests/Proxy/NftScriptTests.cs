using Berth.Agent.Proxy;
using Microsoft.Extensions.Logging.Abstractions;
using static Berth.Agent.Tests.Proxy.ProxyRuleRendererTests;

namespace Berth.Agent.Tests.Proxy;

/// <summary>The scripts against the real nft, on a table of the test's own that is deleted even when a test fails.</summary>
public sealed class NftScriptTests : IAsyncLifetime
{
    private readonly string _table = $"berth-test-{Guid.NewGuid():N}"[..19];
    private readonly ProxyRuleRenderer _renderer = new("cni0", "node-a");

    [Fact]
    public async Task Apply_FullThenIncremental_LeavesExactlyTheNewRules()
    {
        var table = new ProxyTable(_table, NullLogger.Instance);
        var before = _renderer.Render([Port([Ready("10.42.0.5"), Ready("10.42.0.6")], nodePort: 30080, affinity: 30), Port([], name: "gone", port: 81)], null);
        var after = _renderer.Render([Port([Ready("10.42.0.6"), Ready("10.42.0.7")], nodePort: 30080), Port([Ready("10.42.0.8")], name: "new", port: 82)], null);

        await table.ApplyAsync(before, CancellationToken.None);
        Assert.Contains("update @affinity-", await ListAsync());
        var incremental = NftScript.Incremental(_table, before, after);
        await table.ApplyAsync(after, CancellationToken.None);

        Assert.DoesNotContain("add chain ip " + _table + " services", incremental);
        var listing = await ListAsync();
        Assert.DoesNotContain("10.42.0.5", listing);
        Assert.DoesNotContain("affinity", listing);
        Assert.DoesNotContain(". 81 :", listing);
        Assert.Contains("dnat to 10.42.0.7:8080", listing);
        Assert.Contains("10.43.0.10 . tcp . 82 : goto service-", listing);
        Assert.Contains("tcp . 30080 : goto external-", listing);

        // What an incremental write leaves is what a full write of the same ruleset makes.
        await table.RemoveAsync(CancellationToken.None);
        await table.ApplyAsync(after, CancellationToken.None);
        Assert.Equal(Normalized(listing), Normalized(await ListAsync()));
    }

    [Fact]
    public async Task Apply_AfterAFailedWrite_ResyncsTheWholeTable()
    {
        var table = new ProxyTable(_table, NullLogger.Instance);
        await table.ApplyAsync(_renderer.Render([Port([Ready("10.42.0.5")])], null), CancellationToken.None);
        var bad = _renderer.Render([Port([Ready("10.42.0.5")], protocol: "nonsense")], null);

        await Assert.ThrowsAnyAsync<Exception>(() => table.ApplyAsync(bad, CancellationToken.None));
        await Run("nft", "add", "element", "ip", _table, NftRuleset.ServiceNodePorts, "{ tcp . 31111 : drop }");
        await table.ApplyAsync(_renderer.Render([Port([Ready("10.42.0.9")])], null), CancellationToken.None);

        var listing = await ListAsync();
        Assert.DoesNotContain("31111", listing);
        Assert.Contains("dnat to 10.42.0.9:8080", listing);
        Assert.DoesNotContain("10.42.0.5", listing);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Run("nft", "delete", "table", "ip", _table);

    private Task<string> ListAsync() => Run("nft", "list", "table", "ip", _table);

    // Chains of a full write come in a different order: compare the lines as a set.
    private static List<string> Normalized(string listing) =>
        [.. listing.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Order(StringComparer.Ordinal)];

    private static async Task<string> Run(string file, params string[] args) => (await HostProcess.RunAsync(file, args)).Stdout;
}
