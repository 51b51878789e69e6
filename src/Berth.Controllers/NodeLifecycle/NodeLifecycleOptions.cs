namespace Berth.Controllers.NodeLifecycle;

/// <summary>kube-controller-manager's node lifecycle settings, with kube v1.32's defaults.</summary>
public sealed record NodeLifecycleOptions
{
    /// <summary>How often every node's health is looked at (--node-monitor-period).</summary>
    public TimeSpan MonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node that has posted status may stay quiet before it is Unknown (--node-monitor-grace-period).</summary>
    public TimeSpan MonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>How long a node that never posted status gets (--node-startup-grace-period).</summary>
    public TimeSpan StartupGracePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Nodes per second tainted for eviction in a healthy zone (--node-eviction-rate).</summary>
    public double EvictionRate { get; init; } = 0.1;

    /// <summary>Nodes per second in a partially disrupted zone of a large cluster (--secondary-node-eviction-rate).</summary>
    public double SecondaryEvictionRate { get; init; } = 0.01;

    /// <summary>Zones of at most this many nodes stop evicting when partially disrupted (--large-cluster-size-threshold).</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    /// <summary>The share of not-ready nodes (of at least 3) that makes a zone partially disrupted (--unhealthy-zone-threshold).</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;
}
