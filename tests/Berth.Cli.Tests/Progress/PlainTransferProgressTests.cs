using Berth.Cli.Progress;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Cli.Tests.Progress;

public sealed class PlainTransferProgressTests
{
    private static readonly BlobTransfer Layer = new(Digest.Of("layer"u8.ToArray()), BlobKind.Layer, 12_345_678);

    [Fact]
    public void Events_OfOneBlob_OnlyTheFinishPrintsALine()
    {
        var output = new StringWriter();
        var progress = new PlainTransferProgress(output);

        progress.BlobStarted(Layer);
        progress.BlobAdvanced(Layer, 100);
        progress.BlobFinished(Layer, BlobOutcome.Copied);
        progress.ManifestWritten(Layer.Digest);

        Assert.Equal($"Copying blob sha256:{Layer.Digest.Short} done 12.3 MB\nWriting manifest to image destination\n", output.ToString());
    }

    [Theory]
    [InlineData(BlobOutcome.Skipped, "skipped: already exists")]
    [InlineData(BlobOutcome.Mounted, "mounted from another repository")]
    public void BlobFinished_NotCopied_SaysWhy(BlobOutcome outcome, string why)
    {
        var output = new StringWriter();

        new PlainTransferProgress(output).BlobFinished(Layer with { Kind = BlobKind.Config }, outcome);

        Assert.Equal($"Copying config sha256:{Layer.Digest.Short} {why}\n", output.ToString());
    }

    [Theory]
    [InlineData(BlobKind.Files, "Copying files")]
    [InlineData(BlobKind.Commit, "Committing layer")]
    public void BlobFinished_BuildStep_OneLineWithDigestAndSize(BlobKind kind, string what)
    {
        var output = new StringWriter();
        var progress = new PlainTransferProgress(output);

        progress.BlobStarted(Layer with { Kind = kind });
        progress.BlobAdvanced(Layer with { Kind = kind }, 1);
        progress.BlobFinished(Layer with { Kind = kind }, BlobOutcome.Copied);

        Assert.Equal($"{what} sha256:{Layer.Digest.Short} done 12.3 MB\n", output.ToString());
    }

    [Fact]
    public void BlobFinished_Download_NamesTheUrlAndTheSizeReceived()
    {
        var output = new StringWriter();
        var download = new BlobTransfer(Layer.Digest, BlobKind.Download, 0) { Source = "http://127.0.0.1:8080/app.tar.gz" };

        new PlainTransferProgress(output).BlobFinished(download with { Size = 2_500 }, BlobOutcome.Copied);

        Assert.Equal("Downloading http://127.0.0.1:8080/app.tar.gz done 2.5 kB\n", output.ToString());
    }
}
