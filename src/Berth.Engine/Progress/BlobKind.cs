namespace Berth.Engine.Progress;

/// <summary>What a blob of an image is, as Podman names it in "Copying blob" / "Copying config".</summary>
public enum BlobKind
{
    Layer,
    Config,
}
