namespace Berth.Engine.Runtime;

/// <summary>How a container is networked: a namespace of its own (empty or attached), another's it joins, or the host's.</summary>
public enum NetworkMode
{
    Bridge,
    Host,
    None,

    /// <summary>Joins the network namespace of its pod's sandbox, which the caller made and removes (the node agent).</summary>
    Pod,

    /// <summary>
    /// Joins the network namespace of another container of the engine (`--network container:ID`): it shares that container's
    /// address, ports, /etc/hosts and /etc/resolv.conf, and has no network attachment of its own.
    /// </summary>
    Container,
}
