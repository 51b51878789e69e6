using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Planning;

/// <summary>
/// Nomad's `job plan` for pods (<c>berth plan</c>): runs the scheduler's own cycle for each pod over
/// a snapshot, one after another, each placed pod counted on its node before the next, and binds
/// nothing.
/// </summary>
public sealed class PlacementPlanner(SchedulerOptions options, Random? random = null)
{
    public IReadOnlyList<Placement> Plan(ClusterSnapshot snapshot, IEnumerable<V1Pod> pods)
    {
        var algorithm = new SchedulingAlgorithm(Profile.Default(options.ScoringStrategy), options, random, recordScores: true);
        var placements = new List<Placement>();
        foreach (var pod in pods)
        {
            var info = new PodInfo(pod);
            var result = algorithm.Schedule(info, snapshot);
            if (result.Node is { } node)
            {
                snapshot.AddPod(info.AssumedOn(node));
            }
            var rejections = result.Diagnosis?.NodeStatuses
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => (s.Key, string.Join(", ", s.Value.Status.Reasons)))
                .ToList() ?? [];
            placements.Add(new Placement(pod.Metadata.Name, result.Node, result.Message,
                [.. result.Scores.OrderByDescending(s => s.Total).ThenBy(s => s.Node, StringComparer.Ordinal)], rejections));
        }
        return placements;
    }
}
