namespace Berth.Engine.SystemInfo;

/// <summary>The engine root's contents, as `info` and the Docker API's /info report them.</summary>
public sealed record StoreInfo
{
    public required string GraphRoot { get; init; }
    public required string VolumePath { get; init; }
    public required int Containers { get; init; }
    public required int Running { get; init; }
    public required int Paused { get; init; }

    /// <summary>Created and exited containers, as Podman counts them.</summary>
    public required int Stopped { get; init; }
    public required int Images { get; init; }
}
