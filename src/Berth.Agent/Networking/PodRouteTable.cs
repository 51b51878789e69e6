using Berth.Engine;
using Berth.Engine.Network;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Networking;

/// <summary>
/// The routes this agent added to other nodes' pods, and only those (agents sharing a host's network never remove each
/// other's): kept in a file, so an agent that crashed removes its stale routes when it starts again. A node whose address
/// is not on one of this node's links cannot be routed to directly (that needs an overlay, which Berth has not): it is
/// skipped with a warning.
/// </summary>
public sealed partial class PodRouteTable(string stateFile, ILogger<PodRouteTable> logger)
{
    private HashSet<PodRoute>? _applied;
    private readonly HashSet<string> _warned = [];

    /// <summary>Adds the missing routes and removes those no longer wanted; a failure is thrown after the rest was tried.</summary>
    public async Task ApplyAsync(IReadOnlyList<PodRoute> wanted, CancellationToken cancellationToken)
    {
        _applied ??= Load();
        var reachable = new List<PodRoute>();
        foreach (var route in wanted)
        {
            if (await IsOnLinkAsync(route.Via, cancellationToken))
            {
                reachable.Add(route);
            }
            else if (_warned.Add(route.Via))
            {
                LogNotOnLink(route.PodCidr, route.Via);
            }
        }
        BerthException? failed = null;
        foreach (var stale in _applied.Except(reachable).ToList())
        {
            failed ??= await TryAsync(() => DeleteAsync(stale, cancellationToken));
            _applied.Remove(stale);
        }
        foreach (var route in reachable.Except(_applied))
        {
            if (await TryAsync(() => HostCommand.RunAsync($"cannot add the route to pods {route.PodCidr} via {route.Via}", "ip", ["route", "replace", route.PodCidr, "via", route.Via], null, cancellationToken)) is { } error)
            {
                failed ??= error;
                continue;
            }
            _applied.Add(route);
            LogAdded(route.PodCidr, route.Via);
        }
        Save();
        if (failed is not null)
        {
            throw failed;
        }
    }

    /// <summary>Removes every route this agent added (a clean stop).</summary>
    public Task RemoveAllAsync(CancellationToken cancellationToken) => ApplyAsync([], cancellationToken);

    private static async Task DeleteAsync(PodRoute route, CancellationToken cancellationToken)
    {
        var (exitCode, _, stderr) = await HostCommand.TryRunAsync("ip", ["route", "del", route.PodCidr, "via", route.Via], null, cancellationToken);
        if (exitCode != 0 && !stderr.Contains("No such process", StringComparison.Ordinal))
        {
            throw new BerthException($"cannot remove the route to pods {route.PodCidr} via {route.Via}: {stderr.Trim()}");
        }
    }

    // A gateway must be on a link of this node: `ip route get` then answers without a "via" of its own.
    private static async Task<bool> IsOnLinkAsync(string address, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, _) = await HostCommand.TryRunAsync("ip", ["-4", "-o", "route", "get", address], null, cancellationToken);
        return exitCode == 0 && !stdout.Contains(" via ", StringComparison.Ordinal) && !stdout.StartsWith("local ", StringComparison.Ordinal);
    }

    private static async Task<BerthException?> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (BerthException e)
        {
            return e;
        }
    }

    // One "CIDR VIA" per line.
    private HashSet<PodRoute> Load() =>
        File.Exists(stateFile)
            ? [.. File.ReadAllLines(stateFile).Select(l => l.Split(' ')).Where(p => p.Length == 2).Select(p => new PodRoute(p[0], p[1]))]
            : [];

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stateFile)!);
        File.WriteAllLines(stateFile + ".new", _applied!.Select(r => $"{r.PodCidr} {r.Via}"));
        File.Move(stateFile + ".new", stateFile, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing pods {PodCidr} via {Via}")]
    private partial void LogAdded(string podCidr, string via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No route to pods {PodCidr}: their node's address {Via} is not on a link of this node (pods across networks need an overlay, which Berth does not have)")]
    private partial void LogNotOnLink(string podCidr, string via);
}
