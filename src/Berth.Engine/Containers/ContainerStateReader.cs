using System.Globalization;
using Berth.Engine.Events;
using Berth.Engine.Linux;
using Berth.Engine.Runtime.Shim;

namespace Berth.Engine.Containers;

/// <summary>
/// Brings a record up to date with what the shim recorded: once conmon has written the exit file the
/// container is Exited, with its code and whether the OOM killer ended it.
/// </summary>
public sealed class ContainerStateReader(ContainerStore store, EventLog? events = null)
{
    public ContainerRecord Refresh(ContainerRecord record)
    {
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused) || ExitOf(record) is null)
        {
            return record;
        }
        using var containerLock = store.LockContainer(record.Id);
        return RefreshLocked(store.Load(record.Id) ?? record);
    }

    /// <summary>As <see cref="Refresh"/>, for a caller that already holds the container's lock.</summary>
    public ContainerRecord RefreshLocked(ContainerRecord current)
    {
        if (current.Status is not (ContainerStatus.Running or ContainerStatus.Paused) || ExitOf(current) is not { } exit)
        {
            return current;
        }
        var paths = store.PathsOf(current.Id);
        var updated = current with
        {
            Status = ContainerStatus.Exited,
            ExitCode = exit.Code,
            FinishedAt = exit.At,
            OomKilled = File.Exists(paths.OomFile),
        };
        try
        {
            store.Save(updated);
            // Here, where the exit is recorded once under the container's lock, whoever reads it first.
            events?.Container("died", updated, exit.Code);
        }
        catch (IOException)
        {
            // A full disk: the exit file stays the truth, and a later refresh saves it.
        }
        return updated;
    }

    /// <summary>Every container, refreshed; one removed between the listing and its refresh (a `run --rm` ending meanwhile) is left out.</summary>
    public List<ContainerRecord> ListRefreshed() => [.. store.List().Select(RefreshUnlessRemoved).OfType<ContainerRecord>()];

    /// <summary>As <see cref="Refresh"/>, or null when the container's folder is gone (its lock can no longer be opened).</summary>
    public ContainerRecord? RefreshUnlessRemoved(ContainerRecord record)
    {
        try
        {
            return Refresh(record);
        }
        catch (IOException) when (store.Load(record.Id) is null)
        {
            return null;
        }
    }

    /// <summary>The container <paramref name="nameOrId"/> names, refreshed; one removed meanwhile is not found, as if it had gone before the lookup.</summary>
    public ContainerRecord FindRefreshed(string nameOrId) =>
        RefreshUnlessRemoved(store.Find(nameOrId)) ?? throw new NotFoundException($"no container with name or ID \"{nameOrId}\" found: no such container");

    /// <summary>Whether the shim has recorded the container's exit.</summary>
    public bool HasExited(ContainerRecord record) => ExitOf(record) is not null;

    /// <summary>
    /// The exit conmon recorded; or, when conmon (for a container its client runs: the runtime process) is gone without recording one (killed with its container, or the host
    /// rebooted and emptied the tmpfs the exit files live on), the container is lost: exit code 255, as containerd
    /// reports a task it lost.
    /// </summary>
    private (int Code, DateTimeOffset At)? ExitOf(ContainerRecord record)
    {
        const int LostExitCode = 255;
        var paths = store.PathsOf(record.Id);
        if (RecordedExit(paths.ExitFile) is { } exit)
        {
            return exit;
        }
        if (record.RunByClient)
        {
            // No shim records its exit: the client that runs it removes it when it ends, unless that client was killed first.
            return record.Pid <= 0 || ProcessCalls.IsAlive(record.Pid) ? null : (LostExitCode, DateTimeOffset.UtcNow);
        }
        // Read again once conmon is seen gone: it writes the file just before it exits.
        return ConmonShim.IsGone(paths.Directory, record.Id) ? RecordedExit(paths.ExitFile) ?? (LostExitCode, DateTimeOffset.UtcNow) : null;
    }

    private static (int Code, DateTimeOffset At)? RecordedExit(string file)
    {
        try
        {
            var text = File.ReadAllText(file).Trim();
            return text.Length == 0 ? null : (int.Parse(text, CultureInfo.InvariantCulture), File.GetLastWriteTimeUtc(file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
