using System.Net;
using System.Net.Sockets;
using Berth.Engine.Containers;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// The engine root's name server process (`berth network nameserver`, started by <see cref="NameServerLauncher"/>,
/// as netavark starts aardvark-dns): one <see cref="NetworkResponder"/> per user network that has a container
/// which has not exited, on that network's gateway. It follows the container and network records (inotify,
/// and a rescan every few seconds in case an event was missed) and exits once no network has a container.
/// </summary>
/// <remarks>
/// Exactly one per root: it holds ROOT/networks/nameserver.lock while it runs. Before it exits it releases the lock
/// and looks once more, so a container created meanwhile either is seen or sees the lock free and starts a new one.
/// </remarks>
public sealed class NameServer(NetworkStore networks, ContainerStore containers, ILogger<NameServer> logger)
{
    private static readonly TimeSpan Rescan = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, NetworkResponder> _responders = [];
    private volatile NameTable _table = NameTable.Build([], []);

    public static string LockPath(NetworkStore networks) => Path.Combine(networks.Root, "nameserver.lock");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(networks.Root);
        var held = FileLock.TryAcquire(LockPath(networks));
        if (held is null)
        {
            return; // another one serves this root
        }
        var changed = new SemaphoreSlim(0);
        using var containerWatch = Watch(containers.Root, "state.json", changed);
        using var networkWatch = Watch(networks.Root, "*.json", changed);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!Reconcile())
                {
                    held.Dispose();
                    held = null;
                    if (!Reconcile() || (held = FileLock.TryAcquire(LockPath(networks))) is null)
                    {
                        return;
                    }
                }
                await changed.WaitAsync(Rescan, cancellationToken);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var responder in _responders.Values)
            {
                responder.Dispose();
            }
            held?.Dispose();
        }
    }

    /// <summary>Rebuilds the names and the responders; false when no network has anything to answer.</summary>
    private bool Reconcile()
    {
        _table = NameTable.Build(networks.List(), containers.List());
        var wanted = _table.Networks.ToDictionary(n => n.Network);
        foreach (var gone in _responders.Keys.Where(n => !wanted.TryGetValue(n, out var names) || !names.Gateway.Equals(_responders[n].Gateway)).ToList())
        {
            _responders[gone].Dispose();
            _responders.Remove(gone);
        }
        var upstream = UpstreamForwarder.ForHost(TimeProvider.System, [.. wanted.Values.Select(n => n.Gateway)]);
        foreach (var (network, names) in wanted.Where(w => !_responders.ContainsKey(w.Key)))
        {
            var responder = new NetworkResponder(names.Gateway, (client, name) => _table.Resolve(network, client, name), upstream);
            try
            {
                responder.Start();
                _responders[network] = responder;
                logger.LogInformation("answering names of network {Network} on {Gateway}:53", network, names.Gateway);
            }
            catch (SocketException e)
            {
                // The bridge gets its address at the first attach; the next rescan tries again.
                responder.Dispose();
                logger.LogWarning("cannot listen on {Gateway}:53 for network {Network} yet: {Error}", names.Gateway, network, e.Message);
            }
        }
        return wanted.Count > 0;
    }

    private static FileSystemWatcher? Watch(string directory, string filter, SemaphoreSlim changed)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var watcher = new FileSystemWatcher(directory, filter) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        FileSystemEventHandler handler = (_, _) => changed.Release();
        watcher.Created += handler;
        watcher.Changed += handler;
        watcher.Deleted += handler;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
