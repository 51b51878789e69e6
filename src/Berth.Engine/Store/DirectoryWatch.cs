namespace Berth.Engine.Store;

/// <summary>
/// Wakes a waiter when a file in one directory is created, written or renamed into place (inotify, through
/// <see cref="FileSystemWatcher"/>), so a container's exit and new log lines are seen as they happen instead
/// of by polling. The waiter re-checks its condition after every wake-up; a slow fallback tick covers events
/// the kernel dropped (an overflowing inotify queue) and a directory that is removed.
/// </summary>
public sealed class DirectoryWatch : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _changed = new(0);

    /// <param name="filter">The file name to watch (FileSystemWatcher's pattern); "*" for every file.</param>
    public DirectoryWatch(string directory, string filter = "*")
    {
        try
        {
            _watcher = new FileSystemWatcher(directory, filter)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Created += (_, _) => Signal();
            _watcher.Changed += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.Deleted += (_, _) => Signal();
            _watcher.Error += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            // The directory is gone (the container was removed): the waiter's next check says so.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>How long a waiter sleeps when no event comes: the fallback, not the way changes are seen.</summary>
    public static TimeSpan Fallback { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Returns after the next change in the directory (or one since the last call), or after <see cref="Fallback"/>.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _changed.WaitAsync(Fallback, cancellationToken);
        // Several events for one change wake the waiter once.
        while (_changed.CurrentCount > 0)
        {
            _changed.Wait(0, CancellationToken.None);
        }
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            _changed.Release();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }
}
