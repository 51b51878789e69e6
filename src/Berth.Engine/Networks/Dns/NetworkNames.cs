using System.Net;

namespace Berth.Engine.Networks.Dns;

/// <summary>The names one user network's name server answers, and the gateway it listens on.</summary>
public sealed class NetworkNames(string network, IPAddress gateway)
{
    private readonly Dictionary<string, List<IPAddress>> _addresses = new(StringComparer.OrdinalIgnoreCase);

    public string Network { get; } = network;

    public IPAddress Gateway { get; } = gateway;

    /// <summary>The addresses of <paramref name="name"/> (a trailing dot is ignored); empty when unknown.</summary>
    public IReadOnlyList<IPAddress> Resolve(string name) =>
        _addresses.TryGetValue(name.TrimEnd('.'), out var addresses) ? addresses : [];

    internal void Add(string name, IPAddress address)
    {
        if (!_addresses.TryGetValue(name, out var addresses))
        {
            _addresses[name] = addresses = [];
        }
        if (!addresses.Contains(address))
        {
            addresses.Add(address);
        }
    }
}
