namespace Berth.Controllers.NodeLifecycle;

/// <summary>How healthy a zone's nodes are, which decides how fast its nodes are tainted for eviction.</summary>
public enum ZoneState
{
    Normal,

    /// <summary>Many nodes (at least 3 and the unhealthy threshold) are not ready: evictions slow down or stop.</summary>
    PartialDisruption,

    /// <summary>No node is ready: when every zone is so, the control plane is the likelier culprit and nothing is evicted.</summary>
    FullDisruption,
}
