using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Store;

namespace Berth.Engine.Health;

/// <summary>
/// Each container's health beside its record, as Podman keeps it: ROOT/containers/ID/healthcheck.log (JSON, replaced by
/// rename), changed under healthcheck.lock so a `healthcheck run` and the monitor never lose each other's run.
/// </summary>
public sealed class HealthStore(ContainerStore containers)
{
    /// <summary>The container's health; null when it has none (no health check, or not started since it got one).</summary>
    public HealthState? Read(string id)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(LogPath(id)), HealthJsonContext.Default.HealthState);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The status word `ps` shows and filters on: starting, healthy, unhealthy, or null without a health check.</summary>
    public string? StatusOf(ContainerRecord record) =>
        record.Healthcheck is null ? null : Read(record.Id)?.Status ?? HealthStatus.Starting;

    /// <summary>Applies <paramref name="change"/> to the current state under the lock; returns the new state.</summary>
    public HealthState Update(string id, Func<HealthState?, HealthState> change)
    {
        using var held = FileLock.Acquire(Path.Combine(containers.PathsOf(id).Directory, "healthcheck.lock"));
        var next = change(Read(id));
        var path = LogPath(id);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(next, HealthJsonContext.Default.HealthState));
        File.Move(path + ".tmp", path, overwrite: true);
        return next;
    }

    private string LogPath(string id) => Path.Combine(containers.PathsOf(id).Directory, "healthcheck.log");
}
