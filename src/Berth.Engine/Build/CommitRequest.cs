namespace Berth.Engine.Build;

/// <summary>What `commit` makes of a container: the new image's name (none: dangling), history comment, author and config changes.</summary>
public sealed record CommitRequest
{
    public string? Reference { get; init; }
    public string? Message { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Pause a running container while its changes are read, so they are consistent.</summary>
    public bool Pause { get; init; }
}
