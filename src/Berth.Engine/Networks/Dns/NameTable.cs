using System.Net;
using Berth.Engine.Containers;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// What the name server answers on each user network: the gateway it listens on, and for every container on the
/// network that has not exited, its name, short id and aliases (case-insensitive) to its address there. A name
/// is only known on the networks its container is on, as Docker's embedded DNS scopes them.
/// </summary>
public sealed class NameTable
{
    private readonly Dictionary<string, NetworkNames> _networks;

    private NameTable(Dictionary<string, NetworkNames> networks) => _networks = networks;

    /// <summary>The networks that have a container to answer for, by gateway.</summary>
    public IReadOnlyCollection<NetworkNames> Networks => _networks.Values;

    public static NameTable Build(IEnumerable<NetworkRecord> networks, IEnumerable<ContainerRecord> containers)
    {
        var byName = networks.ToDictionary(n => n.Name);
        var table = new Dictionary<string, NetworkNames>();
        foreach (var container in containers.Where(c => c.Status != ContainerStatus.Exited))
        {
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
            }
        }
        return new NameTable(table);
    }

    public NetworkNames? For(string network) => _networks.GetValueOrDefault(network);
}
