using Berth.Engine.Network;
using Berth.Engine.Networks;

namespace Berth.Engine.Containers;

/// <summary>
/// Attaches a container's namespace to one of its networks: a user network through its own conflist (with the
/// address the endpoint asks for, if any), the predefined <see cref="NetworkStore.DefaultNetworkName"/> through the
/// engine's default bridge.
/// </summary>
public sealed class EndpointAttacher(IContainerNetwork network, NetworkStore networks)
{
    /// <summary>A container on no user network: the default bridge as eth0, where its published ports go.</summary>
    public Task<NetworkAttachment> AttachDefaultAsync(string containerId, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken) =>
        network.AttachAsync(containerId, ports, cancellationToken);

    public async Task<(NetworkEndpoint Endpoint, NetworkAttachment Attachment)> AttachAsync(
        string containerId, NetworkEndpoint endpoint, IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken)
    {
        var attachment = endpoint.Network == NetworkStore.DefaultNetworkName
            ? await network.AttachAsync(containerId, endpoint.InterfaceName!, ports, cancellationToken)
            : await network.ConnectAsync(containerId, ConfigListFor(endpoint), endpoint.InterfaceName!, ports, cancellationToken);
        return (endpoint with
        {
            IPAddress = attachment.IPAddress,
            PrefixLength = attachment.PrefixLength,
            Gateway = attachment.Gateway,
            MacAddress = attachment.MacAddress,
        }, attachment);
    }

    public Task DetachAsync(string containerId, NetworkEndpoint endpoint, CancellationToken cancellationToken) =>
        network.DisconnectAsync(containerId, endpoint.InterfaceName!, cancellationToken);

    /// <summary>The gateways of the container's user networks, where their name server answers; null (the host's resolvers) when it has none.</summary>
    public IReadOnlyList<string>? NameServers(ContainerRecord record)
    {
        var gateways = record.Networks.Select(e => networks.TryFind(e.Network)?.Gateway).OfType<string>().ToList();
        return gateways.Count == 0 ? null : gateways;
    }

    private CniNetworkConfigList ConfigListFor(NetworkEndpoint endpoint)
    {
        var config = networks.ConfigListFor(networks.Find(endpoint.Network));
        return endpoint.RequestedIPAddress is { } address ? config.WithRequestedAddress(address) : config;
    }
}
