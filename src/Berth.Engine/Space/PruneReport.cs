namespace Berth.Engine.Space;

/// <summary>What a prune removed (full ids, as Podman prints them), what it could not, and the bytes it freed.</summary>
public sealed record PruneReport(IReadOnlyList<string> Removed, long ReclaimedBytes)
{
    public IReadOnlyList<string> Failures { get; init; } = [];
}
