namespace Berth.Engine.Runtime.Shim;

/// <summary>What the shim needs to create one container: its bundle, where to log, and its stdio mode.</summary>
public sealed record ShimRequest(string ContainerId, string Name, string BundlePath, string LogPath)
{
    public bool Terminal { get; init; }
    public bool Stdin { get; init; }

    /// <summary>What conmon runs once the container has exited (program, then its arguments); none when empty.</summary>
    public IReadOnlyList<string> ExitCommand { get; init; } = [];
}
