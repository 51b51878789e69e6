using Berth.Engine.Events;
using Berth.Engine.Networks;
using Berth.Engine.Networks.Dns;

namespace Berth.Engine.Containers;

/// <summary>
/// `network connect` and `network disconnect`: adds a network to a container or takes one away. A container
/// that has not exited gets (or loses) the interface in its namespace at once, its /etc/resolv.conf follows, and
/// the name server learns its names there from the saved record; an exited one is attached at its next start.
/// A container on the default bridge that is connected to a user network keeps the bridge as an endpoint of its
/// own (<see cref="NetworkStore.DefaultNetworkName"/>, eth0).
/// </summary>
public sealed class ContainerNetworkConnector(
    ContainerStore store, ContainerStateReader states, NetworkStore networks, EndpointAttacher? endpoints, ContainerCreator creator,
    NameServerLauncher? nameServer, EventLog events)
{
    /// <param name="address">A fixed IPv4 address on a user network (`--ip`); null: the next free one.</param>
    public async Task<ContainerRecord> ConnectAsync(
        string container, string network, IReadOnlyList<string> aliases, string? address, CancellationToken cancellationToken = default)
    {
        var found = store.Find(container);
        var name = NetworkNamed(network);
        if (name == NetworkStore.DefaultNetworkName && (aliases.Count > 0 || address is not null))
        {
            throw new InvalidArgumentException("network-scoped aliases and fixed addresses are only supported on user defined networks");
        }
        if (address is not null)
        {
            StaticAddress.Checked(address, networks.Find(name));
        }
        states.Refresh(found); // before the lock: it takes the lock itself when it records an exit
        using var storeLock = store.LockStore(); // a network's removal takes it too: the network stays while it is checked here
        using var containerLock = store.LockContainer(found.Id);
        var record = Current(found);
        var current = EndpointsOf(record);
        if (current.Any(e => e.Network == name))
        {
            throw new ConflictException($"container {record.Id} is already connected to network \"{name}\": network is already connected");
        }
        var endpoint = new NetworkEndpoint { Network = name, Aliases = aliases, RequestedIPAddress = address, InterfaceName = FreeInterface(current) };
        var attached = record.Status != ContainerStatus.Exited;
        if (attached)
        {
            (endpoint, _) = await endpoints!.AttachAsync(record.Id, endpoint, [], cancellationToken);
        }
        record = record with { Networks = [.. current, endpoint] };
        store.Save(record);
        events.Network("connect", RefOf(name), record.Id, record.Name);
        if (attached)
        {
            creator.RewriteEtcFiles(record);
            nameServer?.EnsureRunning(); // after the save: the name server reads the record
        }
        return record;
    }

    /// <param name="force">Forgets the network even when its interface cannot be torn down (Docker's `--force`).</param>
    public async Task<ContainerRecord> DisconnectAsync(string container, string network, bool force, CancellationToken cancellationToken = default)
    {
        var found = store.Find(container);
        var name = NetworkNamed(network);
        states.Refresh(found);
        using var containerLock = store.LockContainer(found.Id);
        var record = Current(found);
        var current = EndpointsOf(record);
        var endpoint = current.FirstOrDefault(e => e.Network == name) ?? throw new InvalidArgumentException($"container {container} is not connected to network {name}");
        if (current.Count == 1)
        {
            // Its namespace would go with the last attachment, and the bundle still names it: keep one.
            throw new InvalidArgumentException($"network {name} is the last network of container {container}: connect another one first");
        }
        var attached = record.Status != ContainerStatus.Exited;
        if (attached)
        {
            try
            {
                await endpoints!.DetachAsync(record.Id, endpoint, cancellationToken);
            }
            catch (BerthException) when (force)
            {
                // Forced: the record lets go of the network; what the plugins could not remove goes with the container.
            }
        }
        List<NetworkEndpoint> remaining = [.. current.Where(e => e != endpoint)];
        record = record with { Networks = remaining, IPAddress = remaining[0].IPAddress };
        store.Save(record);
        events.Network("disconnect", RefOf(name), record.Id, record.Name);
        if (attached)
        {
            creator.RewriteEtcFiles(record);
        }
        return record;
    }

    /// <summary>The name a network is stored under: the default bridge's, or a user network's by name, id or id prefix.</summary>
    private string NetworkNamed(string network) =>
        network == NetworkStore.DefaultNetworkName
            ? network
            : networks.TryFind(network)?.Name ?? throw new NotFoundException($"unable to find network with name or ID {network}: network not found");

    /// <summary>The default bridge has its predefined id; a user network its own.</summary>
    private NetworkRef RefOf(string name) =>
        new(name, name == NetworkStore.DefaultNetworkName ? NetworkStore.PredefinedId(name) : networks.TryFind(name)?.Id ?? "");

    private ContainerRecord Current(ContainerRecord found)
    {
        var record = store.Load(found.Id) ?? throw new NotFoundException($"no container with name or ID \"{found.Name}\" found: no such container");
        if (record.Network != Runtime.NetworkMode.Bridge || endpoints is null)
        {
            throw new InvalidArgumentException(
                $"container {record.Name} uses the {record.Network.ToString().ToLowerInvariant()} network mode: only containers on bridge networks can be connected or disconnected");
        }
        return record;
    }

    /// <summary>The container's networks; one on the default bridge alone has it as its only endpoint.</summary>
    private static IReadOnlyList<NetworkEndpoint> EndpointsOf(ContainerRecord record) =>
        record.Networks.Count > 0 ? record.Networks : [new NetworkEndpoint { Network = NetworkStore.DefaultNetworkName, InterfaceName = "eth0", IPAddress = record.IPAddress }];

    private static string FreeInterface(IReadOnlyList<NetworkEndpoint> current) =>
        Enumerable.Range(0, current.Count + 1).Select(i => $"eth{i}").First(n => current.All(e => e.InterfaceName != n));
}
