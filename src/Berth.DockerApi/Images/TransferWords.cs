namespace Berth.DockerApi.Images;

/// <summary>The status words of dockerd's progress messages for one blob, which differ between a pull and a push.</summary>
public sealed record TransferWords(string Started, string Advancing, string Copied, string Skipped, string Mounted)
{
    public static TransferWords Pull { get; } = new("Pulling fs layer", "Downloading", "Pull complete", "Already exists", "Already exists");

    public static TransferWords Push { get; } = new("Preparing", "Pushing", "Pushed", "Layer already exists", "Mounted from another repository");
}
