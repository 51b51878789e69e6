using System.Buffers;
using System.Runtime.InteropServices;
using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins;

namespace Berth.Scheduler.Algorithm;

/// <summary>
/// One pod's scheduling cycle over a snapshot, as kube-scheduler's schedulePod runs it: PreFilter
/// (which may narrow the nodes or turn the pod down), the nominated node first, then the filters
/// over the nodes, starting where the last cycle stopped and stopping once enough feasible nodes
/// are found (percentageOfNodesToScore), then PreScore, Score, NormalizeScore, weights, and the
/// highest total (ties broken at random). Reads the snapshot only; the caller assumes the pod.
/// </summary>
public sealed class SchedulingAlgorithm(Profile profile, SchedulerOptions options, Random? random = null, bool recordScores = false)
{
    private const int MinFeasibleNodesToFind = 100;

    // In the server, requests and watches run between two cycles and push the nodes out of the CPU's caches: the first
    // read of each node filtered missed the cache, most of the filters' time (perf). The loop asks for a node's lines
    // this many nodes ahead of its turn, which covers the NodeInfo fields the filters and scores read.
    private const int PrefetchDistance = 8;
    private const int PrefetchLines = 4;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Random _random = random ?? Random.Shared;

    // Reused from cycle to cycle (one cycle runs at a time, as _nextStartNodeIndex assumes too): a new list of hundreds
    // of nodes was most of a cycle's garbage. No result keeps it: they name the node chosen.
    private readonly List<NodeInfo> _feasible = [];
    private int _nextStartNodeIndex;

    public Profile Profile => profile;

    public ScheduleResult Schedule(PodInfo pod, ClusterSnapshot snapshot)
    {
        if (snapshot.NodeCount == 0)
        {
            return ScheduleResult.NoNodesAt(pod);
        }
        var state = new CycleState(CycleSlots.Count, profile.Filters.Count);
        var diagnosis = new Diagnosis();
        var preFilter = PreFilter(state, pod, snapshot, diagnosis);
        if (preFilter.Error is { } error)
        {
            return ScheduleResult.Failed(pod, state, error);
        }
        if (preFilter.Rejected)
        {
            return ScheduleResult.Unfit(pod, state, new FitError(snapshot.NodeCount, diagnosis));
        }
        var allowed = preFilter.AllowedNodes;
        if (pod.NominatedNodeName is { } nominated && snapshot.Get(nominated) is { } nominatedNode
            && (allowed is null || allowed.Contains(nominated))
            && FilterWithNominatedPods(state, pod, nominatedNode, snapshot) is { IsSuccess: true })
        {
            return ScheduleResult.Selected(pod, state, nominated, 1, 1, []);
        }
        IReadOnlyList<NodeInfo> nodes = snapshot.Nodes;
        if (allowed is not null)
        {
            nodes = [.. allowed.Select(snapshot.Get).OfType<NodeInfo>()];
            diagnosis.AbsentNodesStatus = Status.Unresolvable($"node(s) didn't satisfy plugin(s) [{string.Join(' ', preFilter.NarrowedBy.Order(StringComparer.Ordinal))}]");
        }
        var feasible = FindFeasible(state, pod, nodes, snapshot, diagnosis);
        _nextStartNodeIndex = (_nextStartNodeIndex + feasible.Count + diagnosis.NodeStatuses.Count) % snapshot.NodeCount;
        if (feasible.Count == 0)
        {
            return ScheduleResult.Unfit(pod, state, new FitError(snapshot.NodeCount, diagnosis));
        }
        var evaluated = feasible.Count + diagnosis.NodeStatuses.Count;
        if (feasible.Count == 1 && !recordScores)
        {
            return ScheduleResult.Selected(pod, state, feasible[0].Name, evaluated, 1, []);
        }
        return Prioritize(state, pod, feasible, snapshot, evaluated, recordScores ? diagnosis : null);
    }

    /// <summary>Runs the filters on one node (what a preemption what-if asks): the first failure, or success.</summary>
    public FilterOutcome RunFilters(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var filter in state.ActiveFilters ?? ActiveFilters(state))
        {
            var status = filter.Filter(state, pod, node);
            if (!status.IsSuccess)
            {
                return new FilterOutcome(status, filter.Plugin.Name);
            }
        }
        return FilterOutcome.Passed;
    }

    private ActiveFilter[] ActiveFilters(CycleState state)
    {
        var active = new ActiveFilter[state.SkippedFilters.Count(skipped => !skipped)];
        var next = 0;
        for (var i = 0; i < profile.Filters.Count; i++)
        {
            if (!state.SkippedFilters[i])
            {
                active[next++] = new ActiveFilter(profile.Filters[i], profile.FilterCalls[i]);
            }
        }
        return state.ActiveFilters = active;
    }

    /// <summary>
    /// The filters with the pods nominated to the node that are as important as the pod counted as
    /// running there (they must keep the room preemption made for them), then, if that passes,
    /// without them (a pod affinity may need them absent): both must pass.
    /// </summary>
    public FilterOutcome FilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var nominated = snapshot.NominatedPods(node.Name);
        if (nominated.Count == 0)
        {
            return RunFilters(state, pod, node);
        }
        CycleState? withState = null;
        NodeInfo? withNode = null;
        foreach (var other in nominated)
        {
            if (other.Uid == pod.Uid || other.Priority < pod.Priority)
            {
                continue;
            }
            withState ??= state.Clone();
            withNode ??= node.Clone();
            AddPod(withState, pod, other, withNode, snapshot);
        }
        if (withState is null)
        {
            return RunFilters(state, pod, node);
        }
        var outcome = RunFilters(withState, pod, withNode!);
        return outcome.IsSuccess ? RunFilters(state, pod, node) : outcome;
    }

    /// <summary>Adds a pod to a node copy and to the cycle data that follows pods (PreFilterExtensions.AddPod).</summary>
    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node, ClusterSnapshot snapshot)
    {
        node.AddPod(added);
        foreach (var (plugin, index) in profile.PodChangeAware)
        {
            if (!state.SkippedFilters[index])
            {
                plugin.AddPod(state, podToSchedule, added, node, snapshot);
            }
        }
    }

    /// <summary>Removes a pod from a node copy and from the cycle data that follows pods (PreFilterExtensions.RemovePod).</summary>
    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node, ClusterSnapshot snapshot)
    {
        node.RemovePod(removed);
        foreach (var (plugin, index) in profile.PodChangeAware)
        {
            if (!state.SkippedFilters[index])
            {
                plugin.RemovePod(state, podToSchedule, removed, node, snapshot);
            }
        }
    }

    /// <summary>How many feasible nodes end the search (numFeasibleNodesToFind).</summary>
    public int NumFeasibleNodesToFind(int nodes)
    {
        if (nodes < MinFeasibleNodesToFind)
        {
            return nodes;
        }
        var percentage = options.PercentageOfNodesToScore;
        if (percentage <= 0)
        {
            percentage = Math.Max(50 - (nodes / 125), MinFeasibleNodesPercentageToFind);
        }
        return Math.Max((int)((long)nodes * Math.Min(percentage, 100) / 100), MinFeasibleNodesToFind);
    }

    /// <summary>
    /// Runs every PreFilter: Skip leaves the plugin's filter out of this cycle; a rejection turns the
    /// pod down for every node (UnschedulableAndUnresolvable at once, Unschedulable after the
    /// others ran, so preemption still gets their data); node names narrow the nodes to filter.
    /// </summary>
    private PreFilterOutcome PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot, Diagnosis diagnosis)
    {
        HashSet<string>? allowed = null;
        var narrowedBy = new List<string>();
        (Status Status, string Plugin)? unschedulable = null;
        for (var i = 0; i < profile.Filters.Count; i++)
        {
            var plugin = profile.Filters[i];
            var result = plugin.PreFilter(state, pod, snapshot);
            var status = result.Status;
            if (status.Code == StatusCode.Skip)
            {
                state.SkippedFilters[i] = true;
                continue;
            }
            if (status.Code == StatusCode.Error)
            {
                return new PreFilterOutcome(false, $"running PreFilter plugin \"{plugin.Name}\": {status.Message}", null, narrowedBy);
            }
            if (status.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return Rejected(diagnosis, status, [plugin.Name], narrowedBy);
            }
            if (status.Code == StatusCode.Unschedulable)
            {
                unschedulable = (status, plugin.Name);
                continue;
            }
            if (result.NodeNames is { } names)
            {
                narrowedBy.Add(plugin.Name);
                allowed = allowed is null ? new HashSet<string>(names, StringComparer.Ordinal) : [.. allowed.Intersect(names)];
                if (allowed.Count == 0)
                {
                    var message = narrowedBy.Count == 1
                        ? $"node(s) didn't satisfy plugin {narrowedBy[0]}"
                        : $"node(s) didn't satisfy plugin(s) [{string.Join(' ', narrowedBy)}] simultaneously";
                    return Rejected(diagnosis, Status.Unresolvable(message), narrowedBy, narrowedBy);
                }
            }
        }
        return unschedulable is { } rejection
            ? Rejected(diagnosis, rejection.Status, [rejection.Plugin], narrowedBy)
            : new PreFilterOutcome(false, null, allowed, narrowedBy);
    }

    private static PreFilterOutcome Rejected(Diagnosis diagnosis, Status status, IEnumerable<string> plugins, List<string> narrowedBy)
    {
        diagnosis.AbsentNodesStatus = status;
        diagnosis.PreFilterMessage = status.Message;
        diagnosis.UnschedulablePlugins.UnionWith(plugins);
        return new PreFilterOutcome(true, null, null, narrowedBy);
    }

    /// <summary>Filters nodes from where the last cycle stopped until enough are feasible; records why the others failed.</summary>
    private List<NodeInfo> FindFeasible(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> candidates, ClusterSnapshot snapshot, Diagnosis diagnosis)
    {
        // A span over the snapshot's list: the loop reads it directly, not through the interface for every node.
        var nodes = CollectionsMarshal.AsSpan(candidates as List<NodeInfo> ?? [.. candidates]);
        var wanted = recordScores ? nodes.Length : NumFeasibleNodesToFind(nodes.Length);
        var feasible = _feasible;
        feasible.Clear();
        var start = nodes.Length == 0 ? 0 : _nextStartNodeIndex % nodes.Length;
        for (var i = 0; i < nodes.Length && feasible.Count < wanted; i++)
        {
            CachePrefetch.Lines(nodes[(start + i + PrefetchDistance) % nodes.Length], PrefetchLines);
            var node = nodes[(start + i) % nodes.Length];
            var outcome = FilterWithNominatedPods(state, pod, node, snapshot);
            if (outcome.IsSuccess)
            {
                feasible.Add(node);
            }
            else
            {
                diagnosis.Set(node.Name, outcome.Status, outcome.Plugin);
            }
        }
        return feasible;
    }

    /// <summary>PreScore, Score, NormalizeScore and weights over the feasible nodes, then the best (ties at random).</summary>
    private ScheduleResult Prioritize(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot, int evaluated, Diagnosis? rejected)
    {
        // Rented: two arrays of hundreds of scores per cycle were a steady share of the scheduler's garbage.
        var totalsArray = ArrayPool<long>.Shared.Rent(feasible.Count);
        var scoresArray = ArrayPool<long>.Shared.Rent(feasible.Count);
        try
        {
            var totals = totalsArray.AsSpan(0, feasible.Count);
            totals.Clear();
            return Prioritize(state, pod, feasible, snapshot, evaluated, rejected, totals, scoresArray.AsSpan(0, feasible.Count));
        }
        finally
        {
            ArrayPool<long>.Shared.Return(totalsArray);
            ArrayPool<long>.Shared.Return(scoresArray);
        }
    }

    private ScheduleResult Prioritize(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot, int evaluated, Diagnosis? rejected, Span<long> totals, Span<long> scores)
    {
        var byPlugin = recordScores ? new Dictionary<string, long>[feasible.Count] : null;
        for (var p = 0; p < profile.Scores.Count; p++)
        {
            var (plugin, weight) = profile.Scores[p];
            var score = profile.ScoreCalls[p];
            var status = plugin.PreScore(state, pod, feasible, snapshot);
            if (status.Code == StatusCode.Skip)
            {
                continue;
            }
            if (!status.IsSuccess)
            {
                return ScheduleResult.Failed(pod, state, $"running PreScore plugin \"{plugin.Name}\": {status.Message}");
            }
            for (var i = 0; i < feasible.Count; i++)
            {
                scores[i] = score(state, pod, feasible[i], snapshot);
            }
            plugin.Normalize(state, pod, feasible, scores);
            for (var i = 0; i < feasible.Count; i++)
            {
                totals[i] += scores[i] * weight;
                if (byPlugin is not null)
                {
                    (byPlugin[i] ??= new Dictionary<string, long>(StringComparer.Ordinal))[plugin.Name] = scores[i] * weight;
                }
            }
        }
        var best = SelectHost(totals);
        IReadOnlyList<NodeScore> recorded = byPlugin is null ? [] : Recorded(feasible, totals, byPlugin);
        return ScheduleResult.Selected(pod, state, feasible[best].Name, evaluated, feasible.Count, recorded, rejected);
    }

    private static List<NodeScore> Recorded(List<NodeInfo> feasible, ReadOnlySpan<long> totals, Dictionary<string, long>[] byPlugin)
    {
        var recorded = new List<NodeScore>(feasible.Count);
        for (var i = 0; i < feasible.Count; i++)
        {
            recorded.Add(new NodeScore(feasible[i].Name, totals[i], byPlugin[i] ?? []));
        }
        return recorded;
    }

    /// <summary>The index of the highest total, chosen uniformly among ties (reservoir sampling, as selectHost).</summary>
    private int SelectHost(ReadOnlySpan<long> totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < totals.Length; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }
        return best;
    }

    private sealed record PreFilterOutcome(bool Rejected, string? Error, HashSet<string>? AllowedNodes, List<string> NarrowedBy);
}
