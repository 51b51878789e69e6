namespace Berth.Engine.Network;

/// <summary>
/// Connects a container to the engine's bridge network through the CNI plugins: a network
/// namespace of its own, an address from host-local IPAM, port mappings through portmap.
/// </summary>
public interface IContainerNetwork
{
    /// <summary>Creates the container's network namespace and attaches it; idempotent per container id.</summary>
    Task<NetworkAttachment> AttachAsync(string containerId, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default);

    /// <summary>Removes every address, rule and the namespace created for the container; safe to repeat.</summary>
    Task DetachAsync(string containerId, CancellationToken cancellationToken = default);
}
