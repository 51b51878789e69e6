using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins.ImageLocality;
using Berth.Scheduler.Plugins.InterPodAffinity;
using Berth.Scheduler.Plugins.NodeAffinity;
using Berth.Scheduler.Plugins.NodeName;
using Berth.Scheduler.Plugins.NodePorts;
using Berth.Scheduler.Plugins.NodeResources;
using Berth.Scheduler.Plugins.NodeUnschedulable;
using Berth.Scheduler.Plugins.PodTopologySpread;
using Berth.Scheduler.Plugins.TaintToleration;
using Berth.Scheduler.Plugins.VolumeBinding;

namespace Berth.Scheduler.Algorithm;

/// <summary>
/// The plugins of a scheduler profile, in the order they run, and the score weights: kube 1.32's
/// default profile (the in-tree plugins Berth implements).
/// </summary>
public sealed class Profile
{
    public Profile(IReadOnlyList<IFilterPlugin> filters, IReadOnlyList<(IScorePlugin Plugin, int Weight)> scores)
    {
        Filters = filters;
        FilterCalls = [.. filters.Select(f => (FilterCall)f.Filter)];
        Scores = scores;
        ScoreCalls = [.. scores.Select(s => (ScoreCall)s.Plugin.Score)];
        PodChangeAware = [.. filters.Select((f, i) => (f as IPodChangeAware, i)).Where(p => p.Item1 is not null).Select(p => (p.Item1!, p.i))];
    }

    public IReadOnlyList<IFilterPlugin> Filters { get; }

    /// <summary>Each filter's <see cref="IFilterPlugin.Filter"/> bound once, in the order of <see cref="Filters"/>.</summary>
    public IReadOnlyList<FilterCall> FilterCalls { get; }

    public IReadOnlyList<(IScorePlugin Plugin, int Weight)> Scores { get; }

    /// <summary>Each score plugin's <see cref="IScorePlugin.Score"/> bound once, in the order of <see cref="Scores"/>.</summary>
    public IReadOnlyList<ScoreCall> ScoreCalls { get; }

    /// <summary>Filters whose cycle data follows pods added or removed, with their index in <see cref="Filters"/>.</summary>
    public IReadOnlyList<(IPodChangeAware Plugin, int Index)> PodChangeAware { get; }

    public static Profile Default(ScoringStrategy strategy)
    {
        var taints = new TaintTolerationPlugin();
        var nodeAffinity = new NodeAffinityPlugin();
        var fit = new FitPlugin(strategy);
        var spread = new PodTopologySpreadPlugin();
        var interPodAffinity = new InterPodAffinityPlugin();
        return new Profile(
            [new NodeUnschedulablePlugin(), new NodeNamePlugin(), taints, nodeAffinity, new NodePortsPlugin(), fit, new VolumeBindingPlugin(), spread, interPodAffinity],
            [(taints, 3), (nodeAffinity, 2), (fit, 1), (spread, 2), (interPodAffinity, 2), (new BalancedAllocationPlugin(), 1), (new ImageLocalityPlugin(), 1)]);
    }
}
