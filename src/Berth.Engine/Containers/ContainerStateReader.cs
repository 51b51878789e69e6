using System.Globalization;

namespace Berth.Engine.Containers;

/// <summary>
/// Brings a record up to date with what the shim recorded: once conmon has written the exit file the
/// container is Exited, with its code and whether the OOM killer ended it.
/// </summary>
public sealed class ContainerStateReader(ContainerStore store)
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
        }
        catch (IOException)
        {
            // A full disk: the exit file stays the truth, and a later refresh saves it.
        }
        return updated;
    }

    public List<ContainerRecord> ListRefreshed() => store.List().Select(Refresh).ToList();

    public ContainerRecord FindRefreshed(string nameOrId) => Refresh(store.Find(nameOrId));

    /// <summary>Whether the shim has recorded the container's exit.</summary>
    public bool HasExited(ContainerRecord record) => ExitOf(record) is not null;

    private (int Code, DateTimeOffset At)? ExitOf(ContainerRecord record)
    {
        var file = store.PathsOf(record.Id).ExitFile;
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
