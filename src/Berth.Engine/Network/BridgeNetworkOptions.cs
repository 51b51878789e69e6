using System.Net;
using System.Text.Json.Nodes;

namespace Berth.Engine.Network;

/// <summary>
/// The engine's bridge network, written as ROOT/cni/berth.conflist on first use: a Linux bridge
/// that is the containers' gateway, addresses from host-local IPAM, masquerade for outbound
/// traffic, and portmap for published ports.
/// </summary>
public sealed record BridgeNetworkOptions
{
    public const string DefaultNetworkName = "berth";

    /// <summary>The bridge interface on the host; at most 15 characters.</summary>
    public string BridgeName { get; init; } = "berth0";

    public string Subnet { get; init; } = "10.89.0.0/16";

    public string Gateway { get; init; } = "10.89.0.1";

    public string NetworkName { get; init; } = DefaultNetworkName;

    /// <summary>No default route and no masquerade: the containers reach their subnet (and the gateway) only.</summary>
    public bool Internal { get; init; }

    /// <summary>
    /// Whether the bridge plugin masquerades what leaves the subnet; off where the owner writes its own rule (the node agent
    /// keeps pod-to-pod traffic across nodes unmasqueraded).
    /// </summary>
    public bool Masquerade { get; init; } = true;

    /// <summary>The conflist for these options, with IPAM state kept under <paramref name="ipamDataDir"/>.</summary>
    public CniNetworkConfigList ToConfigList(string ipamDataDir)
    {
        Validate();
        var document = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = NetworkName,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = BridgeName,
                    ["isGateway"] = true,
                    ["ipMasq"] = !Internal && Masquerade,
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = Subnet, ["gateway"] = Gateway })),
                        ["routes"] = Internal ? new JsonArray() : new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                        ["dataDir"] = ipamDataDir,
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        return CniNetworkConfigList.Parse(document.ToJsonString());
    }

    private void Validate()
    {
        if (BridgeName.Length is 0 or > 15 || BridgeName.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
        {
            throw new BerthException($"invalid bridge name \"{BridgeName}\": 1 to 15 letters, digits, '-', '_' or '.'");
        }
        // TryParse masks host bits away; a subnet written with them is a typo worth reporting.
        if (!IPNetwork.TryParse(Subnet, out var subnet) || subnet.ToString() != Subnet
            || subnet.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new BerthException($"invalid subnet \"{Subnet}\": expected an IPv4 CIDR such as 10.89.0.0/16");
        }
        if (!IPAddress.TryParse(Gateway, out var gateway) || !subnet.Contains(gateway))
        {
            throw new BerthException($"invalid gateway \"{Gateway}\": expected an address in {Subnet}");
        }
    }
}
