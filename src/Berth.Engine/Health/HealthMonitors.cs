using System.Globalization;
using Berth.Engine.Containers;
using Berth.Engine.Linux;

namespace Berth.Engine.Health;

/// <summary>
/// Starts and stops the process that runs a container's health check every interval (`berth healthcheck monitor ID`,
/// <see cref="HealthMonitor"/>), as Podman's systemd timer does, whether or not `berth system service` runs. The monitor
/// records its pid in ROOT/containers/ID/healthcheck.pid; whatever releases the container (its exit's cleanup, `rm`,
/// a new start) stops it.
/// </summary>
/// <param name="self">How to start the monitor; none when null (the node agent's containers have no health checks).</param>
public sealed class HealthMonitors(ContainerStore store, HealthStore health, EngineSelfCommand? self)
{
    /// <summary>A container has started: its health is starting again, and its monitor runs when it has an interval.</summary>
    public void Started(ContainerRecord record)
    {
        if (record.Healthcheck is not { } settings)
        {
            return;
        }
        health.Update(record.Id, HealthStateMachine.Started);
        if (self is not null && settings.Interval > TimeSpan.Zero)
        {
            self.StartDetached(Path.Combine(store.PathsOf(record.Id).Directory, "healthcheck.monitor.log"), "healthcheck", "monitor", record.Id);
        }
    }

    /// <summary>Called by the monitor itself once it runs.</summary>
    public void Register(string id) => File.WriteAllText(PidPath(id), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The monitor's last act: forgets its pid, unless a newer monitor has written its own.</summary>
    public void Unregister(string id)
    {
        if (ReadPid(id) == Environment.ProcessId)
        {
            File.Delete(PidPath(id));
        }
    }

    /// <summary>Ends the container's monitor (SIGTERM), if one runs; safe to repeat.</summary>
    public void Stop(string id)
    {
        if (ReadPid(id) is not { } pid || pid == Environment.ProcessId)
        {
            return;
        }
        // The pid may have been reused since the monitor ended: signal only a process that is this container's monitor.
        if (IsMonitorOf(pid, id))
        {
            try
            {
                ProcessCalls.Signal(pid, 15);
            }
            catch (IOException)
            {
                // It ended meanwhile.
            }
        }
        File.Delete(PidPath(id));
    }

    /// <summary>The pid of the container's running monitor, or null.</summary>
    public int? RunningPid(string id) => ReadPid(id) is { } pid && IsMonitorOf(pid, id) ? pid : null;

    private static bool IsMonitorOf(int pid, string id)
    {
        try
        {
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return argv.Contains("monitor") && argv.Contains(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private int? ReadPid(string id)
    {
        // Most containers have no monitor: a thrown FileNotFoundException cost a `run --rm` more than this look (perf).
        if (!File.Exists(PidPath(id)))
        {
            return null;
        }
        try
        {
            return int.TryParse(File.ReadAllText(PidPath(id)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string PidPath(string id) => Path.Combine(store.PathsOf(id).Directory, "healthcheck.pid");
}
