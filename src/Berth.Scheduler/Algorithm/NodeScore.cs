namespace Berth.Scheduler.Algorithm;

/// <summary>A feasible node's weighted total and, when asked for, each plugin's weighted score.</summary>
public sealed record NodeScore(string Node, long Total, IReadOnlyDictionary<string, long>? ByPlugin);
