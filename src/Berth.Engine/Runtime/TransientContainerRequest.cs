namespace Berth.Engine.Runtime;

/// <summary>
/// A command to run to completion in a throwaway container whose rootfs is an overlay of
/// <see cref="LowerDirectories"/> (lowest first) under <see cref="UpperDirectory"/>, which the caller owns
/// and keeps: after the run it holds exactly the command's filesystem changes (a build step's layer).
/// </summary>
public sealed record TransientContainerRequest
{
    public required IReadOnlyList<string> LowerDirectories { get; init; }
    public required string UpperDirectory { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "/";

    /// <summary><c>user[:group]</c>, names resolved in the rootfs; null for root.</summary>
    public string? User { get; init; }

    /// <summary><see cref="NetworkMode.None"/> or <see cref="NetworkMode.Host"/>.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.None;

    public string Hostname { get; init; } = "buildkit";
}
