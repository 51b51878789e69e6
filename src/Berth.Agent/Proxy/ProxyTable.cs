using Microsoft.Extensions.Logging;

namespace Berth.Agent.Proxy;

/// <summary>
/// The proxy's own nftables table (never anyone else's): applies rulesets as atomic <c>nft -f</c> transactions,
/// incremental from the last one applied, the whole table at first and after any failure; removes the table when
/// the proxy stops.
/// </summary>
public sealed class ProxyTable(string name, ILogger logger)
{
    private readonly OwnedNftTable _table = new(name, "service rules");
    private NftRuleset? _applied;

    public string Name => name;

    public async Task ApplyAsync(NftRuleset ruleset, CancellationToken cancellationToken)
    {
        var script = _applied is null ? NftScript.Full(name, ruleset) : NftScript.Incremental(name, _applied, ruleset);
        if (script.Length == 0)
        {
            return;
        }
        var full = _applied is null;
        // Until this transaction is known to have landed, the next one is a full resync.
        _applied = null;
        await _table.ApplyAsync(script, cancellationToken);
        _applied = ruleset;
        logger.LogDebug("Wrote {Kind} service rules ({Lines} lines) to table ip {Table}", full ? "all" : "changed", script.Count(c => c == '\n'), name);
    }

    /// <summary>Deletes the table; safe when it is already gone.</summary>
    public Task RemoveAsync(CancellationToken cancellationToken)
    {
        _applied = null;
        return _table.RemoveAsync(cancellationToken);
    }
}
