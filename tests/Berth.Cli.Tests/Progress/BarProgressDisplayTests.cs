using Berth.Cli.Progress;
using Berth.Engine.Progress;
using Berth.Engine.Store;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Berth.Cli.Tests.Progress;

/// <summary>The terminal display: one bar per blob with sizes, drawn from the engine's progress events.</summary>
public sealed class BarProgressDisplayTests
{
    private static readonly BlobTransfer Layer = new(Digest.Of("layer"u8.ToArray()), BlobKind.Layer, 12_300_000);
    private static readonly BlobTransfer Config = new(Digest.Of("config"u8.ToArray()), BlobKind.Config, 1_234);

    [Fact]
    public async Task ShowAsync_BlobsCopiedAndSkipped_OneRowPerBlobWithSizes()
    {
        var console = new TestConsole().Interactive().Width(160);

        var result = await new BarProgressDisplay(console, TimeProvider.System).ShowAsync(progress =>
        {
            progress.BlobStarted(Layer);
            progress.BlobStarted(Config);
            progress.BlobAdvanced(Layer, 6_150_000);
            progress.BlobFinished(Config, BlobOutcome.Skipped);
            progress.BlobAdvanced(Layer, Layer.Size);
            progress.BlobFinished(Layer, BlobOutcome.Copied);
            progress.ManifestWritten(Layer.Digest);
            return Task.FromResult(42);
        });

        Assert.Equal(42, result);
        var rows = console.Lines.Where(l => l.Contains("Copying", StringComparison.Ordinal) || l.Contains("manifest", StringComparison.Ordinal)).ToList();
        var layerRow = rows.Last(r => r.Contains($"Copying blob sha256:{Layer.Digest.Short}", StringComparison.Ordinal));
        Assert.Contains("100%", layerRow);
        Assert.Contains("11.7 MiB", layerRow);
        Assert.Contains(rows, r => r.Contains($"Copying config sha256:{Config.Digest.Short} skipped: already exists", StringComparison.Ordinal));
        Assert.Equal("Writing manifest to image destination", rows[^1].Trim());
    }

    [Fact]
    public async Task ShowAsync_BuildStepCopiesAndCommits_RowsWithSizesAndSpeed()
    {
        var console = new TestConsole().Interactive().Width(160);
        var files = new BlobTransfer(Digest.Of("sources"u8.ToArray()), BlobKind.Files, 2_000_000);
        var commit = new BlobTransfer(Digest.Of("diff"u8.ToArray()), BlobKind.Commit, 2_048_000);
        var display = new BarProgressDisplay(console, TimeProvider.System);

        await display.ShowAsync(progress =>
        {
            progress.BlobStarted(files);
            progress.BlobAdvanced(files, 1_000_000);
            progress.BlobAdvanced(files, files.Size);
            progress.BlobFinished(files, BlobOutcome.Copied);
            return Task.FromResult(true);
        });
        console.WriteLine("between the two displays");
        await display.ShowAsync(progress =>
        {
            progress.BlobStarted(commit);
            progress.BlobAdvanced(commit, commit.Size);
            progress.BlobFinished(commit, BlobOutcome.Copied);
            return Task.FromResult(true);
        });

        var lines = console.Lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var filesRow = lines.FindIndex(l => l.StartsWith($"Copying files sha256:{files.Digest.Short}", StringComparison.Ordinal));
        var between = lines.IndexOf("between the two displays");
        var commitRow = lines.FindIndex(l => l.StartsWith($"Committing layer sha256:{commit.Digest.Short}", StringComparison.Ordinal));
        Assert.True(filesRow >= 0 && filesRow < between && between < commitRow, string.Join("\n", lines));
        Assert.Contains("100%", lines[filesRow]);
        Assert.Matches(@" 100% 1\.9 MiB \S+/s$", lines[filesRow]);
        Assert.Matches(@" 100% 2\.0 MiB \S+/s$", lines[commitRow]);
    }

    [Fact]
    public async Task ShowAsync_DownloadOfUnannouncedSize_FinishesWithTheSizeReceived()
    {
        var console = new TestConsole().Interactive().Width(160);
        var download = new BlobTransfer(Digest.Of("url"u8.ToArray()), BlobKind.Download, 0) { Source = "http://127.0.0.1:8080/big" };

        await new BarProgressDisplay(console, TimeProvider.System).ShowAsync(progress =>
        {
            progress.BlobStarted(download);
            progress.BlobAdvanced(download, 3_145_728);
            progress.BlobFinished(download with { Size = 3_145_728 }, BlobOutcome.Copied);
            return Task.FromResult(true);
        });

        // A refresh tick under load can draw an intermediate frame too: the last frame is the finished one.
        var row = console.Lines.Last(l => l.StartsWith("Downloading http://127.0.0.1:8080/big", StringComparison.Ordinal));
        Assert.Matches(@" 100% 3\.0 MiB \S+/s\s*$", row);
    }

    [Fact]
    public async Task ShowAsync_TransferFails_ErrorReachesTheCaller()
    {
        var console = new TestConsole().Interactive();

        var error = await Assert.ThrowsAsync<BerthException>(() => new BarProgressDisplay(console, TimeProvider.System).ShowAsync<int>(progress =>
        {
            progress.BlobStarted(Layer);
            throw new BerthException("fetching blob: transfer interrupted");
        }));

        Assert.Equal("fetching blob: transfer interrupted", error.Message);
    }
}
