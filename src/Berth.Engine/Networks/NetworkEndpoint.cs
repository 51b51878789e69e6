namespace Berth.Engine.Networks;

/// <summary>
/// A container's place on a user network: the network's name and the names the container answers to there
/// (besides its own); the interface and address once attached.
/// </summary>
public sealed record NetworkEndpoint
{
    public required string Network { get; init; }

    /// <summary>Extra names (`--network-alias`, compose's service name) the network's name server answers with this container's address.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>eth0 for the first network, eth1… for those connected later; given when the container is created or connected.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The address asked for (`network connect --ip`); null: the next free one.</summary>
    public string? RequestedIPAddress { get; init; }

    public string? IPAddress { get; init; }

    public int PrefixLength { get; init; }

    public string? Gateway { get; init; }

    public string? MacAddress { get; init; }
}
