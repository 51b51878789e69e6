using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Networks;

/// <summary>Networks in the shape of Docker's API (types.NetworkResource), with the containers on each.</summary>
public static class NetworkViews
{
    /// <summary>The predefined bridge, host and none, then the user networks by name.</summary>
    public static List<NetworkView> All(BerthEngine engine)
    {
        var containers = engine.Containers.Store.List();
        var (_, subnet, gateway) = engine.Networks.DefaultBridge();
        var views = new List<NetworkView>
        {
            Predefined(NetworkStore.DefaultNetworkName, "bridge", subnet, gateway, containers.Where(c => c.Network == NetworkMode.Bridge)
                .SelectMany(c => c.Networks.Count == 0 ? [(c, c.IPAddress, PrefixOf(subnet), (string?)null)] : c.Networks
                    .Where(e => e.Network == NetworkStore.DefaultNetworkName).Select(e => (c, e.IPAddress, e.PrefixLength, e.MacAddress)))),
            Predefined("host", "host", null, null, containers.Where(c => c.Network == NetworkMode.Host).Select(c => (c, (string?)null, 0, (string?)null))),
            Predefined("none", "null", null, null, containers.Where(c => c.Network == NetworkMode.None).Select(c => (c, (string?)null, 0, (string?)null))),
        };
        views.AddRange(engine.Networks.List().Select(n => User(n, containers)));
        return views;
    }

    /// <summary>By name, id or unique id prefix; predefined ones too.</summary>
    public static NetworkView Find(BerthEngine engine, string nameOrId)
    {
        var all = All(engine);
        return all.FirstOrDefault(v => v.Name == nameOrId) ?? all.FirstOrDefault(v => v.Id == nameOrId)
            ?? (all.Where(v => v.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() is [var single] && nameOrId.Length > 0 ? single : null)
            ?? throw new NotFoundException($"network {nameOrId} not found");
    }

    private static int PrefixOf(string subnet) => System.Net.IPNetwork.TryParse(subnet, out var network) ? network.PrefixLength : 0;

    private static NetworkView User(NetworkRecord n, List<ContainerRecord> containers)
    {
        var members = containers.SelectMany(c => c.Networks.Where(e => e.Network == n.Name).Select(e => (c, e.IPAddress, e.PrefixLength, e.MacAddress)));
        return new NetworkView(n.Name, n.Id, n.Driver, false, n.Labels, Document(n.Name, n.Id, n.Driver, n.Created, n.Subnet, n.Gateway, n.Internal, n.Labels, members));
    }

    private static NetworkView Predefined(string name, string driver, string? subnet, string? gateway,
        IEnumerable<(ContainerRecord, string?, int, string?)> members)
    {
        var id = NetworkStore.PredefinedId(name);
        var labels = new Dictionary<string, string>();
        return new NetworkView(name, id, driver, true, labels, Document(name, id, driver, DateTimeOffset.UnixEpoch, subnet, gateway, false, labels, members));
    }

    private static JsonObject Document(string name, string id, string driver, DateTimeOffset created, string? subnet, string? gateway, bool isInternal,
        IReadOnlyDictionary<string, string> labels, IEnumerable<(ContainerRecord Container, string? Address, int Prefix, string? Mac)> members) => new()
        {
            ["Name"] = name,
            ["Id"] = id,
            ["Created"] = DockerTime.Format(created),
            ["Scope"] = "local",
            ["Driver"] = driver,
            ["EnableIPv6"] = false,
            ["IPAM"] = new JsonObject
            {
                ["Driver"] = "default",
                ["Options"] = new JsonObject(),
                ["Config"] = subnet is null ? new JsonArray() : new JsonArray(new JsonObject { ["Subnet"] = subnet, ["Gateway"] = gateway }),
            },
            ["Internal"] = isInternal,
            ["Attachable"] = false,
            ["Ingress"] = false,
            ["ConfigFrom"] = new JsonObject { ["Network"] = "" },
            ["ConfigOnly"] = false,
            ["Containers"] = new JsonObject([.. members.Select(m => KeyValuePair.Create(m.Container.Id, (JsonNode?)new JsonObject
        {
            ["Name"] = m.Container.Name,
            ["EndpointID"] = "",
            ["MacAddress"] = m.Mac ?? "",
            ["IPv4Address"] = m.Address is null ? "" : $"{m.Address}/{m.Prefix}",
            ["IPv6Address"] = "",
        }))]),
            ["Options"] = new JsonObject(),
            ["Labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        };
}
