namespace Berth.Engine.Containers;

/// <summary>Replays a container's k8s-file log to stdout/stderr, optionally following it until the container exits.</summary>
public sealed class ContainerLogReader(ContainerStore store, ContainerStateReader states, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task CopyAsync(ContainerRecord record, TextWriter stdout, TextWriter stderr, bool follow, bool timestamps, CancellationToken cancellationToken = default)
    {
        var path = store.PathsOf(record.Id).Log;
        if (!File.Exists(path))
        {
            return;
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var atLineStart = true;
        while (true)
        {
            // Checked before draining: conmon writes every line before it records the exit.
            var exited = follow && states.HasExited(record);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (LogEntry.Parse(line) is not { } entry)
                {
                    continue;
                }
                var target = entry.IsStderr ? stderr : stdout;
                if (timestamps && atLineStart)
                {
                    await target.WriteAsync(entry.Timestamp + " ");
                }
                await target.WriteAsync(entry.Partial ? entry.Content : entry.Content + "\n");
                await target.FlushAsync(cancellationToken);
                atLineStart = !entry.Partial;
            }
            if (!follow || exited)
            {
                return;
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
