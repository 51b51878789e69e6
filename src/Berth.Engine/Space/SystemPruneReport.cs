namespace Berth.Engine.Space;

/// <summary>The three parts of a `system prune` and the bytes they freed together.</summary>
public sealed record SystemPruneReport(PruneReport Containers, PruneReport Images, long DebrisBytes)
{
    public long ReclaimedBytes => Containers.ReclaimedBytes + Images.ReclaimedBytes + DebrisBytes;
}
