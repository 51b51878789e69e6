using System.Net;
using Berth.Engine.Containers;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// What the name server answers on each user network: the gateway it listens on, and for every container on the
/// network that has not exited, its name, short id and aliases (case-insensitive) to its address there. A name
/// is only known on the networks its container is on, as Docker's embedded DNS scopes them; a container on several
/// networks is answered from all of them, whichever of its name servers it asks (aardvark-dns' rule).
/// </summary>
public sealed class NameTable
{
    private readonly Dictionary<string, NetworkNames> _networks;

    /// <summary>Each container address on a user network, to every user network that container is on.</summary>
    private readonly Dictionary<IPAddress, List<string>> _networksOfClient;

    private NameTable(Dictionary<string, NetworkNames> networks, Dictionary<IPAddress, List<string>> networksOfClient)
    {
        _networks = networks;
        _networksOfClient = networksOfClient;
    }

    /// <summary>The networks that have a container to answer for, by gateway.</summary>
    public IReadOnlyCollection<NetworkNames> Networks => _networks.Values;

    public static NameTable Build(IEnumerable<NetworkRecord> networks, IEnumerable<ContainerRecord> containers)
    {
        var byName = networks.ToDictionary(n => n.Name);
        var table = new Dictionary<string, NetworkNames>();
        var networksOfClient = new Dictionary<IPAddress, List<string>>();
        foreach (var container in containers.Where(c => c.Status != ContainerStatus.Exited))
        {
            var joined = new List<string>();
            foreach (var endpoint in container.Networks)
            {
                if (!byName.TryGetValue(endpoint.Network, out var network) || !IPAddress.TryParse(endpoint.IPAddress, out var address))
                {
                    continue;
                }
                if (!table.TryGetValue(network.Name, out var names))
                {
                    table[network.Name] = names = new NetworkNames(network.Name, IPAddress.Parse(network.Gateway));
                }
                foreach (var name in new[] { container.Name, container.ShortId }.Concat(endpoint.Aliases))
                {
                    names.Add(name, address);
                }
                joined.Add(network.Name);
                networksOfClient[address] = joined;
            }
        }
        return new NameTable(table, networksOfClient);
    }

    public NetworkNames? For(string network) => _networks.GetValueOrDefault(network);

    /// <summary>
    /// The addresses of <paramref name="name"/> for a query to <paramref name="network"/>'s name server from
    /// <paramref name="client"/>: on that network, then on the client's other networks; empty when unknown.
    /// </summary>
    public IReadOnlyList<IPAddress> Resolve(string network, IPAddress client, string name)
    {
        IEnumerable<string> searched = [network, .. _networksOfClient.GetValueOrDefault(client) ?? []];
        return [.. searched.Distinct().SelectMany(n => For(n)?.Resolve(name) ?? []).Distinct()];
    }
}
