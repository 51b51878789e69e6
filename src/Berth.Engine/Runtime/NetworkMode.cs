namespace Berth.Engine.Runtime;

/// <summary>How a container is networked: a namespace of its own (empty or joined), or the host's.</summary>
public enum NetworkMode
{
    Bridge,
    Host,
    None,

    /// <summary>Joins the network namespace of its pod's sandbox, which the caller made and removes (the node agent).</summary>
    Pod,
}
