using Berth.Engine.Runtime.Crun;
using Berth.Engine.Runtime.Runc;

namespace Berth.Engine.Runtime;

/// <summary>Picks the driver for <c>--runtime</c> and finds its executable on PATH.</summary>
public static class RuntimeDriverFactory
{
    /// <summary>Where runtimes keep their per-container state (tmpfs: gone after a reboot, like the containers).</summary>
    public const string StateRoot = "/run/berth";

    public static IRuntimeDriver Create(string name) => name switch
    {
        "runc" => new RuncDriver(FindExecutable("runc"), Path.Combine(StateRoot, "runc")),
        "crun" => new CrunDriver(FindExecutable("crun"), Path.Combine(StateRoot, "crun")),
        _ => throw new BerthException($"unknown runtime \"{name}\": use runc or crun"),
    };

    /// <summary>The first executable of that name on PATH (plus the sbin directories root has).</summary>
    public static string FindExecutable(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new BerthException($"{name} is not installed (run scripts/install-deps)");
    }
}
