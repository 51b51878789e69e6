namespace Berth.Controllers.NodeLifecycle;

/// <summary>Kube's zone disruption rules: the state of a zone from its ready and not-ready nodes, and the eviction rate it gets.</summary>
public static class ZoneHealth
{
    /// <summary>The label that names a node's zone; nodes without it share the zone "".</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static ZoneState StateOf(int ready, int notReady, double unhealthyThreshold) =>
        (ready, notReady) switch
        {
            (0, > 0) => ZoneState.FullDisruption,
            _ when notReady > 2 && (double)notReady / (ready + notReady) >= unhealthyThreshold => ZoneState.PartialDisruption,
            _ => ZoneState.Normal,
        };

    /// <summary>Nodes per second that may be tainted for eviction in a zone of <paramref name="size"/> nodes in this state.</summary>
    public static double EvictionRate(ZoneState state, int size, NodeLifecycleOptions options) => state switch
    {
        ZoneState.PartialDisruption => size > options.LargeClusterSizeThreshold ? options.SecondaryEvictionRate : 0,
        _ => options.EvictionRate,
    };
}
