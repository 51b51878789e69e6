namespace Berth.Engine.Space;

/// <summary>One line of `system df`: how many, how many in use, bytes held, bytes a prune would free.</summary>
public sealed record SpaceUsageRow(string Type, int Total, int Active, long Size, long Reclaimable);
