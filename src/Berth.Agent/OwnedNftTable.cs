using Berth.Engine;
using Berth.Engine.Network;

namespace Berth.Agent;

/// <summary>
/// An nftables table one part of the agent owns alone (table ip NAME; never anyone else's): scripts apply atomically
/// with <c>nft -f</c> or not at all, and the table goes when its owner stops.
/// </summary>
public sealed class OwnedNftTable(string name, string contents)
{
    private string? _replacedWith;

    public string Name => name;

    /// <summary>Applies a script that changes the table (all of it or nothing).</summary>
    public Task ApplyAsync(string script, CancellationToken cancellationToken) =>
        HostCommand.RunAsync($"cannot write the {contents} of table ip {name}", "nft", ["-f", "-"], script, cancellationToken);

    /// <summary>Applies a script that replaces the whole table, unless it is the one that replaced it last.</summary>
    public async Task ReplaceAsync(string script, CancellationToken cancellationToken)
    {
        if (script == _replacedWith)
        {
            return;
        }
        // Until this script is known to have landed, the next one is written whatever it is.
        _replacedWith = null;
        await ApplyAsync(script, cancellationToken);
        _replacedWith = script;
    }

    /// <summary>Deletes the table; safe when it is already gone.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        _replacedWith = null;
        var (exitCode, _, stderr) = await HostCommand.TryRunAsync("nft", ["delete", "table", "ip", name], null, cancellationToken);
        if (exitCode != 0 && !stderr.Contains("No such file or directory", StringComparison.Ordinal))
        {
            throw new BerthException($"cannot remove table ip {name}: {stderr.Trim()}");
        }
    }
}
