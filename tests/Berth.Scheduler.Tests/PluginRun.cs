using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins;

namespace Berth.Scheduler.Tests;

/// <summary>Runs one plugin as the framework would: PreFilter then Filter per node; PreScore, Score and NormalizeScore over candidates.</summary>
public static class PluginRun
{
    /// <summary>Each node's status ("" when it passes; otherwise the reasons joined by ", ").</summary>
    public static Dictionary<string, string> Filter(IFilterPlugin plugin, PodInfo pod, ClusterSnapshot snapshot)
    {
        var state = new CycleState(CycleSlots.Count, 1);
        var pre = plugin.PreFilter(state, pod, snapshot);
        return snapshot.Nodes.ToDictionary(n => n.Name, n =>
        {
            if (pre.Status.Code == StatusCode.Skip || (pre.Status.IsSuccess && pre.NodeNames is null))
            {
                return pre.Status.Code == StatusCode.Skip ? "" : Describe(plugin.Filter(state, pod, n));
            }
            return pre.Status.IsSuccess ? Describe(plugin.Filter(state, pod, n)) : Describe(pre.Status);
        });
    }

    public static Status FilterOne(IFilterPlugin plugin, PodInfo pod, ClusterSnapshot snapshot, string node)
    {
        var state = new CycleState(CycleSlots.Count, 1);
        var pre = plugin.PreFilter(state, pod, snapshot);
        if (pre.Status.Code == StatusCode.Skip)
        {
            return Status.Success;
        }
        return pre.Status.IsSuccess ? plugin.Filter(state, pod, snapshot.Get(node)!) : pre.Status;
    }

    /// <summary>Normalized scores of the candidate nodes (all nodes when none are named); 0 for every node when PreScore skips.</summary>
    public static Dictionary<string, long> Scores(IScorePlugin plugin, PodInfo pod, ClusterSnapshot snapshot, params string[] candidates)
    {
        var nodes = candidates.Length == 0 ? snapshot.Nodes.ToList() : candidates.Select(c => snapshot.Get(c)!).ToList();
        var state = new CycleState(CycleSlots.Count, 1);
        var scores = new long[nodes.Count];
        if (plugin.PreScore(state, pod, nodes, snapshot).Code != StatusCode.Skip)
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                scores[i] = plugin.Score(state, pod, nodes[i], snapshot);
            }
            plugin.Normalize(state, pod, nodes, scores);
        }
        return nodes.Select((n, i) => (n.Name, scores[i])).ToDictionary();
    }

    private static string Describe(Status status) => status.IsSuccess ? "" : $"{status.Code}: {status.Message}";
}
