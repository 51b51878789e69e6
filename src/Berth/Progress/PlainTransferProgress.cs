using Berth.Cli.Output;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Cli.Progress;

/// <summary>
/// Progress for logs and pipes: one line per finished step, in Podman's words
/// ("Copying blob sha256:… done 12.3 MB", "Writing manifest to image destination"), nothing per byte;
/// a build's copies and commits alike ("Committing layer sha256:… done 1.2 kB").
/// </summary>
public sealed class PlainTransferProgress(TextWriter output) : ITransferProgress
{
    private readonly Lock _lock = new();

    public void BlobStarted(BlobTransfer blob)
    {
    }

    public void BlobAdvanced(BlobTransfer blob, long bytesDone)
    {
    }

    public void BlobFinished(BlobTransfer blob, BlobOutcome outcome) => Write(outcome switch
    {
        BlobOutcome.Skipped => $"{Label(blob)} skipped: already exists",
        BlobOutcome.Mounted => $"{Label(blob)} mounted from another repository",
        _ => $"{Label(blob)} done {HumanSize.Spaced(blob.Size)}",
    });

    public void ManifestWritten(Digest manifest) => Write("Writing manifest to image destination");

    /// <summary>"Copying blob sha256:0123456789ab", "Copying config sha256:…"; in a build "Copying files sha256:…", "Committing layer sha256:…", "Downloading URL".</summary>
    public static string Label(BlobTransfer blob) => blob.Kind switch
    {
        BlobKind.Config => $"Copying config sha256:{blob.Digest.Short}",
        BlobKind.Files => $"Copying files sha256:{blob.Digest.Short}",
        BlobKind.Commit => $"Committing layer sha256:{blob.Digest.Short}",
        BlobKind.Download => $"Downloading {blob.Source}",
        _ => $"Copying blob sha256:{blob.Digest.Short}",
    };

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
        }
    }
}
