using System.Text.Json.Nodes;
using Berth.DockerApi.Containers;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Networks;

namespace Berth.DockerApi.Networks;

/// <summary>User networks (the bridge driver): list with filters, inspect, create, remove, prune, connect and disconnect containers.</summary>
public sealed class NetworkRoutes(DockerApiContext context)
{
    private static readonly HashSet<string> KnownFilters = ["name", "id", "label", "driver", "type", "dangling"];

    private NetworkStore Networks => context.Engine.Networks;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/networks", ListAsync)
        .Map("POST", "/networks/create", CreateAsync)
        .Map("POST", "/networks/prune", PruneAsync)
        .Map("GET", "/networks/{id}", InspectAsync)
        .Map("POST", "/networks/{id}/connect", ConnectAsync)
        .Map("POST", "/networks/{id}/disconnect", DisconnectAsync)
        .Map("DELETE", "/networks/{id}", RemoveAsync);

    private async Task ListAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var filters = FilterQuery.Parse(request.Query("filters"), KnownFilters);
        var views = NetworkViews.All(context.Engine);
        var matching = views.Where(v => FilterQuery.MatchesAll(filters, (key, value) => Matches(v, key, value)));
        await response.WriteJsonAsync(200, new JsonArray([.. matching.Select(v => (JsonNode?)v.Document)]), cancellationToken);
    }

    private static bool Matches(NetworkView view, string key, string value) => key switch
    {
        "name" => view.Name.Contains(value, StringComparison.Ordinal),
        "id" => view.Id.StartsWith(value, StringComparison.Ordinal),
        "label" => FilterQuery.MatchesLabel(view.Labels, value),
        "driver" => view.Driver == value,
        "type" => value == (view.Predefined ? "builtin" : "custom"),
        "dangling" => view.Predefined == false && view.Document["Containers"] is JsonObject { Count: 0 } == value is "true" or "1",
        _ => false,
    };

    /// <summary>{"Name", "Driver", "Internal", "IPAM": {"Config": [{"Subnet", "Gateway"}]}, "Labels"}: 201 {"Id", "Warning"}.</summary>
    private async Task CreateAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        NetworkCreateRequest create;
        try
        {
            if (body["EnableIPv6"]?.GetValue<bool>() == true)
            {
                throw new InvalidArgumentException("IPv6 networks (EnableIPv6) are not supported by Berth yet");
            }
            if (body["IPAM"]?["Config"] is JsonArray { Count: > 1 })
            {
                throw new InvalidArgumentException("a network with more than one subnet is not supported by Berth yet");
            }
            var ipam = body["IPAM"]?["Config"] is JsonArray { Count: 1 } configs ? configs[0] : null;
            if (ipam?["IPRange"]?.GetValue<string>() is { Length: > 0 })
            {
                throw new InvalidArgumentException("--ip-range is not supported by Berth yet");
            }
            create = new NetworkCreateRequest
            {
                Name = body["Name"]?.GetValue<string>() ?? throw new InvalidArgumentException("network name is required"),
                Driver = body["Driver"]?.GetValue<string>(),
                Subnet = NonEmpty(ipam?["Subnet"]?.GetValue<string>()),
                Gateway = NonEmpty(ipam?["Gateway"]?.GetValue<string>()),
                Internal = body["Internal"]?.GetValue<bool>() ?? false,
                Labels = body["Labels"] is JsonObject labels ? labels.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "") : new Dictionary<string, string>(),
            };
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidArgumentException($"invalid network configuration: {e.Message}");
        }
        var network = await Networks.CreateAsync(create, cancellationToken);
        await response.WriteJsonAsync(201, new JsonObject { ["Id"] = network.Id, ["Warning"] = "" }, cancellationToken);
    }

    private async Task InspectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        await response.WriteJsonAsync(200, NetworkViews.Find(context.Engine, request.Route["id"]).Document, cancellationToken);

    /// <summary>{"Container", "EndpointConfig": {"Aliases", "IPAMConfig": {"IPv4Address"}}}: 200.</summary>
    private async Task ConnectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        List<string> aliases;
        string? address;
        try
        {
            aliases = body["EndpointConfig"]?["Aliases"] is JsonArray given ? [.. given.Select(a => a?.GetValue<string>() ?? "")] : [];
            address = NonEmpty(body["EndpointConfig"]?["IPAMConfig"]?["IPv4Address"]?.GetValue<string>());
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidArgumentException($"invalid endpoint configuration: {e.Message}");
        }
        var (network, container) = Target(request, body);
        await context.Engine.Containers.NetworkConnector.ConnectAsync(container, network, aliases, address, cancellationToken);
        await response.WriteStatusAsync(200, cancellationToken);
    }

    /// <summary>{"Container", "Force"}: 200.</summary>
    private async Task DisconnectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        var force = body["Force"] is JsonValue value && value.TryGetValue<bool>(out var given) && given;
        var (network, container) = Target(request, body);
        await context.Engine.Containers.NetworkConnector.DisconnectAsync(container, network, force, cancellationToken);
        await response.WriteStatusAsync(200, cancellationToken);
    }

    /// <summary>The network's name (clients such as docker-compose give its id) and the container's id, each found or a 404.</summary>
    private (string Network, string Container) Target(HttpRequest request, JsonObject body)
    {
        var network = NetworkViews.Find(context.Engine, request.Route["id"]);
        var container = body["Container"] is JsonValue value && value.TryGetValue<string>(out var given) && given.Length > 0
            ? given
            : throw new InvalidArgumentException("the container to connect or disconnect is required (Container)");
        return (network.Name, ContainerLookup.Find(context.Engine, container).Id);
    }

    private async Task RemoveAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        await new NetworkRemover(Networks, context.Engine.Containers.Store).RemoveAsync(request.Route["id"], cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task PruneAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var filters = FilterQuery.Parse(request.Query("filters"), new HashSet<string> { "label" });
        var labels = filters.GetValueOrDefault("label") ?? [];
        var removed = await new NetworkRemover(Networks, context.Engine.Containers.Store)
            .PruneAsync(n => labels.All(l => FilterQuery.MatchesLabel(n.Labels, l)), cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject { ["NetworksDeleted"] = new JsonArray([.. removed.Select(n => (JsonNode?)n)]) }, cancellationToken);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
