using System.Text.Json.Nodes;
using Berth.Engine.Networks;

namespace Berth.Cli.Commands;

/// <summary>Networks as Podman prints them.</summary>
internal static class NetworkViews
{
    /// <summary>The networks every root has: Berth's default bridge, the host's network and none.</summary>
    public static IEnumerable<(string Id, string Name, string Driver)> Predefined() =>
        NetworkStore.PredefinedNames.Select(name => (NetworkStore.PredefinedId(name), name, name switch { "none" => "null", _ => name }));

    public static JsonObject Describe(NetworkRecord n) => new()
    {
        ["name"] = n.Name,
        ["id"] = n.Id,
        ["driver"] = n.Driver,
        ["network_interface"] = n.BridgeName,
        ["created"] = n.Created.ToString("O"),
        ["subnets"] = new JsonArray(new JsonObject { ["subnet"] = n.Subnet, ["gateway"] = n.Gateway }),
        ["ipv6_enabled"] = false,
        ["internal"] = n.Internal,
        ["dns_enabled"] = true,
        ["labels"] = new JsonObject([.. n.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        ["ipam_options"] = new JsonObject { ["driver"] = "host-local" },
    };
}
