using System.Collections.Concurrent;
using Berth.Engine.Progress;
using Berth.Engine.Store;
using Spectre.Console;

namespace Berth.Cli.Progress;

/// <summary>
/// Progress for a terminal: one live bar per blob with its size, bytes so far and speed, drawn by
/// Spectre.Console's progress display (which samples the values on its own refresh; the transfer
/// only sets them).
/// </summary>
public sealed class BarTransferProgress(ProgressContext context) : ITransferProgress
{
    private readonly ConcurrentDictionary<Digest, ProgressTask> _tasks = new();

    /// <summary>The columns of a transfer's display: what, bar, percentage, bytes of total, speed.</summary>
    public static ProgressColumn[] Columns() =>
    [
        new TaskDescriptionColumn { Alignment = Justify.Left },
        new ProgressBarColumn(),
        new PercentageColumn(),
        new DownloadedColumn(),
        new TransferSpeedColumn(),
    ];

    public void BlobStarted(BlobTransfer blob) =>
        _tasks[blob.Digest] = context.AddTask(Markup.Escape(PlainTransferProgress.Label(blob)), maxValue: Math.Max(blob.Size, 1));

    public void BlobAdvanced(BlobTransfer blob, long bytesDone)
    {
        if (_tasks.TryGetValue(blob.Digest, out var task))
        {
            task.Value = bytesDone;
        }
    }

    public void BlobFinished(BlobTransfer blob, BlobOutcome outcome)
    {
        if (!_tasks.TryGetValue(blob.Digest, out var task))
        {
            return;
        }
        if (outcome != BlobOutcome.Copied)
        {
            task.Description = Markup.Escape($"{PlainTransferProgress.Label(blob)} {(outcome == BlobOutcome.Skipped ? "skipped: already exists" : "mounted")}");
        }
        // A download's size may be known only now (the server announced none).
        task.MaxValue = Math.Max(blob.Size, 1);
        task.Value = task.MaxValue;
        task.StopTask();
    }

    /// <summary>Whether the transfer ended with its manifest written; the display says so below the bars.</summary>
    public bool ManifestDone { get; private set; }

    public void ManifestWritten(Digest manifest) => ManifestDone = true;
}
