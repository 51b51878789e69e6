using Berth.Engine.Containers;

namespace Berth.Engine.Space;

/// <summary>
/// `container prune`: removes every container that is not running or paused (created or exited, as
/// Podman does). A container that starts between the listing and its removal is refused by the
/// lifecycle's own check and reported, never killed. An --rm container is left to the `run` that made
/// it while that run may still act on it (not started yet, or its client still attached): the run
/// starts it, reads its exit code and removes it itself. A pod's infra container goes with its pod only.
/// </summary>
public sealed class ContainerPruner(ContainerEngine engine)
{
    public async Task<PruneReport> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var failures = new List<string>();
        long freed = 0;
        foreach (var record in ContainerLifecycle.DependentsFirst(engine.States.ListRefreshed()).Where(c => IsStopped(c) && !HeldByItsRun(c) && c.Pod is not { IsInfra: true }))
        {
            var paths = engine.Store.PathsOf(record.Id);
            var size = DiskUsage.Of(paths.Directory, skip: paths.Rootfs);
            try
            {
                await engine.Lifecycle.RemoveAsync(record, force: false, cancellationToken);
                removed.Add(record.Id);
                freed += size;
            }
            catch (BerthException ex)
            {
                failures.Add($"{record.ShortId}: {ex.Message}");
            }
            catch (IOException) when (engine.Store.Load(record.Id) is null)
            {
                // Removed meanwhile by someone else (`rm`, or the cleanup of an --rm container): not ours to report.
            }
        }
        return new PruneReport(removed, freed) { Failures = failures };
    }

    private bool HeldByItsRun(ContainerRecord record)
    {
        if (!record.AutoRemove)
        {
            return false;
        }
        if (record.Status == ContainerStatus.Created)
        {
            return true;
        }
        try
        {
            using var unattached = engine.Store.TryLockAttached(record.Id);
            return unattached is null;
        }
        catch (IOException)
        {
            return true; // removed meanwhile: nothing to prune
        }
    }

    public static bool IsStopped(ContainerRecord record) => record.Status is ContainerStatus.Created or ContainerStatus.Exited;
}
