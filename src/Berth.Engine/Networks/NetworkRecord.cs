namespace Berth.Engine.Networks;

/// <summary>
/// A user network as the engine stores it in ROOT/networks/NAME.json: a Linux bridge of its own with its own
/// subnet, reached through the CNI bridge plugin, with name resolution between its containers.
/// </summary>
public sealed record NetworkRecord
{
    public required string Name { get; init; }

    /// <summary>64 hex digits, as Docker's network ids.</summary>
    public required string Id { get; init; }

    /// <summary>The bridge on the host: br- and the id's first 12 digits, unique on the host without coordination (as Docker's).</summary>
    public required string BridgeName { get; init; }

    /// <summary>An IPv4 CIDR, e.g. 10.90.3.0/24.</summary>
    public required string Subnet { get; init; }

    /// <summary>The bridge's address: the containers' gateway and their name server.</summary>
    public required string Gateway { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Always "bridge".</summary>
    public string Driver { get; init; } = NetworkStore.BridgeDriver;

    /// <summary>No route out and no masquerade: containers reach each other (and the name server) only.</summary>
    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string ShortId => Id[..12];
}
