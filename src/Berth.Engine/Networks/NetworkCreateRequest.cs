namespace Berth.Engine.Networks;

/// <summary>What `network create` asks for; a subnet (and gateway) left out is allocated.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }

    /// <summary>"bridge" (the default) is the only driver.</summary>
    public string? Driver { get; init; }

    public string? Subnet { get; init; }

    /// <summary>Defaults to the subnet's first address.</summary>
    public string? Gateway { get; init; }

    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
