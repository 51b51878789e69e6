using System.Runtime.CompilerServices;
using Berth.Engine.Store;

namespace Berth.Engine.Containers;

/// <summary>
/// Reads a container's k8s-file log as entries (the CLI prints them, the Docker API frames them), optionally
/// following it until the container exits; new lines are noticed through inotify on the container's folder.
/// </summary>
public sealed class ContainerLogReader(ContainerStore store, ContainerStateReader states)
{
    public async IAsyncEnumerable<LogEntry> ReadAsync(ContainerRecord record, LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var paths = store.PathsOf(record.Id);
        if (!File.Exists(paths.Log))
        {
            yield break;
        }
        using var watch = options.Follow ? new DirectoryWatch(paths.Directory) : null;
        using var file = new FileStream(paths.Log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var skip = options.Tail is { } tail ? Math.Max(0, await CountLinesAsync(paths.Log, cancellationToken) - tail) : 0;
        while (true)
        {
            // Checked before draining: conmon writes every line before it records the exit.
            var exited = !options.Follow || states.HasExited(record) || store.Load(record.Id) is null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (LogEntry.Parse(line) is not { } entry)
                {
                    continue;
                }
                if (skip > 0)
                {
                    skip -= entry.Partial ? 0 : 1;
                    continue;
                }
                if ((options.Since is { } since && entry.Time < since) || (options.Until is { } until && entry.Time >= until))
                {
                    continue;
                }
                yield return entry;
            }
            if (exited)
            {
                yield break;
            }
            await watch!.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Complete lines written so far (entries that end a line).</summary>
    private static async Task<int> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var count = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            count += LogEntry.Parse(line) is { Partial: false } ? 1 : 0;
        }
        return count;
    }
}
