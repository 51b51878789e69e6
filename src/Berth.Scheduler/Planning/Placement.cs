using Berth.Scheduler.Algorithm;

namespace Berth.Scheduler.Planning;

/// <summary>
/// Where one planned pod would go: the node with every feasible node's score, or the reason
/// nothing fits (worded as the FailedScheduling event) with each node's own reason.
/// </summary>
public sealed record Placement(string Pod, string? Node, string Message, IReadOnlyList<NodeScore> Scores, IReadOnlyList<(string Node, string Reason)> Rejections);
