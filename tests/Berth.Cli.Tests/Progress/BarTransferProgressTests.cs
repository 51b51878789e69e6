using Berth.Cli.Progress;
using Berth.Engine.Progress;
using Berth.Engine.Store;
using Spectre.Console.Testing;

namespace Berth.Cli.Tests.Progress;

/// <summary>The terminal display: one bar per blob with sizes, drawn from the engine's progress events.</summary>
public sealed class BarTransferProgressTests
{
    private static readonly BlobTransfer Layer = new(Digest.Of("layer"u8.ToArray()), BlobKind.Layer, 12_300_000);
    private static readonly BlobTransfer Config = new(Digest.Of("config"u8.ToArray()), BlobKind.Config, 1_234);

    [Fact]
    public async Task RunWithBarsAsync_BlobsCopiedAndSkipped_OneRowPerBlobWithSizes()
    {
        var console = new TestConsole().Interactive().Width(160);

        var result = await TransferDisplay.RunWithBarsAsync(console, TimeProvider.System, progress =>
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
        var layerRow = Assert.Single(rows, r => r.Contains($"Copying blob sha256:{Layer.Digest.Short}", StringComparison.Ordinal));
        Assert.Contains("100%", layerRow);
        Assert.Contains("11.7 MiB", layerRow);
        Assert.Contains(rows, r => r.Contains($"Copying config sha256:{Config.Digest.Short} skipped: already exists", StringComparison.Ordinal));
        Assert.Equal("Writing manifest to image destination", rows[^1].Trim());
    }

    [Fact]
    public async Task RunWithBarsAsync_TransferFails_ErrorReachesTheCaller()
    {
        var console = new TestConsole().Interactive();

        var error = await Assert.ThrowsAsync<BerthException>(() => TransferDisplay.RunWithBarsAsync<int>(console, TimeProvider.System, progress =>
        {
            progress.BlobStarted(Layer);
            throw new BerthException("fetching blob: transfer interrupted");
        }));

        Assert.Equal("fetching blob: transfer interrupted", error.Message);
    }
}
