using Berth.Engine.Linux;
using Berth.Engine.Store;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// Starts the root's <see cref="NameServer"/> process when none runs, after a container joined a user network.
/// The process is started through `setsid --fork`, so it is nobody's child, in a session of its own (a terminal's
/// hang-up or Ctrl-C does not reach it), with stdio on /dev/null and its log in ROOT/networks/nameserver.log.
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
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
        var pid = SpawnCalls.Spawn("/usr/bin/setsid", ["setsid", "--fork", .. command], env, "/", Path.Combine(networks.Root, "nameserver.log"), []);
        ProcessCalls.WaitForChild(pid);
    }
}
