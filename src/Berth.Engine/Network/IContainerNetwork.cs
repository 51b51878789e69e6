namespace Berth.Engine.Network;

/// <summary>
/// Connects a container to the engine's bridge network (and user networks) through the CNI plugins: a network
/// namespace of its own, an address from host-local IPAM, port mappings through portmap.
/// </summary>
public interface IContainerNetwork
{
    /// <summary>Creates the container's network namespace and attaches it; idempotent per container id.</summary>
    Task<NetworkAttachment> AttachAsync(string containerId, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default);

    /// <summary>Attaches the container to the engine's bridge as <paramref name="interfaceName"/> (a container on user networks connected to it too).</summary>
    Task<NetworkAttachment> AttachAsync(string containerId, string interfaceName, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default);

    /// <summary>Attaches the container's namespace (made by its first attachment) to one more network as <paramref name="interfaceName"/>.</summary>
    Task<NetworkAttachment> ConnectAsync(string containerId, CniNetworkConfigList network, string interfaceName, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default);

    /// <summary>Removes the container's attachment on one interface; the namespace stays while other attachments remain.</summary>
    Task DisconnectAsync(string containerId, string interfaceName, CancellationToken cancellationToken = default);

    /// <summary>Removes every address, rule and the namespace created for the container; safe to repeat.</summary>
    Task DetachAsync(string containerId, CancellationToken cancellationToken = default);
}
