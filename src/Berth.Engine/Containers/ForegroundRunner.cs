using Berth.Engine.Events;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers;

/// <summary>
/// Runs a container its client runs itself (<see cref="ContainerRecord.RunByClient"/>: a foreground `run --rm` without a terminal)
/// as one runtime <c>run</c>, with no shim: no conmon, no create/start split, no exit file to wait for, no runtime delete. The
/// record says Running (with the runtime's pid) while it runs, so `ps` elsewhere shows it, and is removed when it ends.
/// </summary>
public sealed class ForegroundRunner(ContainerStore store, Func<string, IRuntimeDriver> drivers, ContainerLifecycle lifecycle, EventLog events, TimeProvider time)
{
    /// <summary>
    /// Runs the created container to its end and removes it; <paramref name="started"/> gets the running record (signals for the
    /// container go to <see cref="ContainerLifecycle.ForwardSignal"/> from then on). Returns the container's exit code.
    /// </summary>
    public async Task<int> RunAsync(ContainerRecord created, Action<ContainerRecord> started, CancellationToken cancellationToken = default)
    {
        // Attached as ForegroundSession is: a prune elsewhere, which sees the container lost once runc is reaped, leaves it
        // to this process's own removal instead of racing it.
        using var attached = store.LockAttached(created.Id);
        var current = created;
        int? exitCode = null;
        try
        {
            using var log = new ContainerLogWriter(store.PathsOf(created.Id).Log);
            exitCode = await drivers(created.Runtime).RunInForegroundAsync(created.Id, store.PathsOf(created.Id).Directory, created.Interactive, log, pid =>
            {
                current = SaveLocked(created with { Status = ContainerStatus.Running, Pid = pid, StartedAt = time.GetUtcNow() });
                events.Container("start", current);
                started(current);
            }, cancellationToken);
            return exitCode.Value;
        }
        finally
        {
            // Removed as Exited (a Running record would be stopped first, and its runtime process is gone already), without
            // saving that first: the record is only written again should the removal refuse (a container still joins this
            // one's network namespace), so that it keeps the exit code.
            var exited = current with { Status = ContainerStatus.Exited, ExitCode = exitCode, FinishedAt = time.GetUtcNow() };
            if (current.Status == ContainerStatus.Running)
            {
                events.Container("died", exited, exitCode);
            }
            try
            {
                await lifecycle.RemoveAsync(exited, force: true, CancellationToken.None);
            }
            catch (BerthException) when (store.Load(exited.Id) is not null)
            {
                SaveLocked(exited);
                throw;
            }
        }
    }

    private ContainerRecord SaveLocked(ContainerRecord record)
    {
        using var containerLock = store.LockContainer(record.Id);
        store.Save(record);
        return record;
    }
}
