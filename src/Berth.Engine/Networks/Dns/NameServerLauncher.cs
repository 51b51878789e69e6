using Berth.Engine.Linux;
using Berth.Engine.Store;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// Starts the root's <see cref="NameServer"/> process when none runs, after a container joined a user network.
/// The process is detached (<see cref="DetachedProcess"/>), with its log in ROOT/networks/nameserver.log.
/// </summary>
/// <param name="command">The name server's command line, e.g. <c>berth --root ROOT network nameserver</c>.</param>
public sealed class NameServerLauncher(NetworkStore networks, IReadOnlyList<string> command)
{
    public void EnsureRunning()
    {
        Directory.CreateDirectory(networks.Root);
        using (var free = FileLock.TryAcquire(NameServer.LockPath(networks)))
        {
            if (free is null)
            {
                return; // one runs, and it follows the records this container was just written to
            }
        }
        DetachedProcess.Start(command, Path.Combine(networks.Root, "nameserver.log"));
    }
}
