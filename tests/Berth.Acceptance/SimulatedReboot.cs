using System.Diagnostics;

namespace Berth.Acceptance;

/// <summary>
/// A host reboot as an engine root sees it: every shim of the root killed first (so none records an exit or runs its exit
/// command), then the containers' processes; what lives on tmpfs or in the kernel (the runtime's state, the exit files,
/// the cgroups) gone; the root's records and mounts stay.
/// </summary>
public static class SimulatedReboot
{
    public static async Task OfAsync(string engineRoot, IEnumerable<string> containerIds)
    {
        foreach (var shim in Shims(engineRoot))
        {
            Kill(int.Parse(shim, System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var id in containerIds)
        {
            var processes = $"/sys/fs/cgroup/pids/berth/{id}/cgroup.procs";
            foreach (var pid in File.Exists(processes) ? File.ReadAllLines(processes) : [])
            {
                Kill(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
            }
            foreach (var state in new[] { $"/run/berth/runc/{id}", $"/run/berth/exits/{id}" }.Where(Directory.Exists))
            {
                Directory.Delete(state, recursive: true);
            }
            // A cgroup goes once its last process has been reaped.
            Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(RemoveCgroups(id)), TimeSpan.FromSeconds(30)), $"the cgroups of {id} stay");
        }
    }

    /// <summary>The conmon processes of an engine root: their exit command names it.</summary>
    public static List<string> Shims(string engineRoot) =>
        ProcessTable.Matching(argv => Path.GetFileName(argv[0]) == "conmon" && argv.Contains(engineRoot));

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Gone already.
        }
    }

    private static bool RemoveCgroups(string id)
    {
        foreach (var cgroup in Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, "berth", id)).Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(cgroup);
            }
            catch (IOException)
            {
                return false;
            }
        }
        return true;
    }
}
