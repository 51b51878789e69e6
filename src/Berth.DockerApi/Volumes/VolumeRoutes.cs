using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Volumes;

namespace Berth.DockerApi.Volumes;

/// <summary>Named volumes (the local driver): list with filters, create, inspect, remove, prune.</summary>
public sealed class VolumeRoutes(DockerApiContext context)
{
    private static readonly HashSet<string> KnownFilters = ["name", "label", "dangling", "driver"];

    private static readonly HashSet<string> KnownPruneFilters = ["all", "label"];

    private VolumeStore Volumes => context.Engine.Volumes;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/volumes", ListAsync)
        .Map("POST", "/volumes/create", CreateAsync)
        .Map("POST", "/volumes/prune", PruneAsync)
        .Map("GET", "/volumes/{name}", InspectAsync)
        .Map("DELETE", "/volumes/{name}", RemoveAsync);

    private async Task ListAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var filters = FilterQuery.Parse(request.Query("filters"), KnownFilters);
        var used = new VolumeRemover(Volumes, context.Engine.Containers.Store).UsedNames();
        var volumes = Volumes.List().Where(v => FilterQuery.MatchesAll(filters, (key, value) => Matches(v, key, value, used)));
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["Volumes"] = new JsonArray([.. volumes.Select(v => (JsonNode?)View(v))]),
            ["Warnings"] = new JsonArray(),
        }, cancellationToken);
    }

    private static bool Matches(VolumeRecord volume, string key, string value, HashSet<string> used) => key switch
    {
        "name" => volume.Name.Contains(value, StringComparison.Ordinal),
        "label" => FilterQuery.MatchesLabel(volume.Labels, value),
        "driver" => volume.Driver == value,
        "dangling" => used.Contains(volume.Name) != value is "true" or "1",
        _ => false,
    };

    /// <summary>{"Name", "Driver", "DriverOpts", "Labels"}: an existing name answers the existing volume, as dockerd does.</summary>
    private async Task CreateAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        IReadOnlyDictionary<string, string> labels;
        try
        {
            if (body["Driver"]?.GetValue<string>() is { Length: > 0 } driver && driver != VolumeStore.LocalDriver)
            {
                throw new InvalidArgumentException($"volume driver \"{driver}\" is not supported by Berth: use local");
            }
            if (body["DriverOpts"] is JsonObject { Count: > 0 })
            {
                throw new InvalidArgumentException("volume driver options (-o) are not supported by Berth yet");
            }
            labels = body["Labels"] is JsonObject given ? given.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "") : new Dictionary<string, string>();
            var volume = Volumes.Ensure(body["Name"]?.GetValue<string>(), labels);
            await response.WriteJsonAsync(201, View(volume), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidArgumentException($"invalid volume configuration: {e.Message}");
        }
    }

    private async Task InspectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        await response.WriteJsonAsync(200, View(Volumes.Find(request.Route["name"])), cancellationToken);

    private async Task RemoveAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        new VolumeRemover(Volumes, context.Engine.Containers.Store).Remove(request.Route["name"], request.QueryFlag("force"));
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task PruneAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        // API 1.42 on: only anonymous volumes, unless the filter all=true asks for named ones too (`docker volume prune -a`).
        var filters = FilterQuery.Parse(request.Query("filters"), KnownPruneFilters);
        var all = filters.Remove("all", out var allValues) && allValues.Any(v => v is "true" or "1");
        var removed = new VolumeRemover(Volumes, context.Engine.Containers.Store)
            .Prune(v => (all || v.Anonymous) && FilterQuery.MatchesAll(filters, (key, value) => FilterQuery.MatchesLabel(v.Labels, value)));
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["VolumesDeleted"] = new JsonArray([.. removed.Select(name => (JsonNode?)name)]),
            ["SpaceReclaimed"] = 0,
        }, cancellationToken);
    }

    internal static JsonObject View(VolumeRecord volume) => new()
    {
        ["Name"] = volume.Name,
        ["Driver"] = volume.Driver,
        ["Mountpoint"] = volume.Mountpoint,
        ["CreatedAt"] = DockerTime.Format(volume.Created),
        ["Labels"] = new JsonObject([.. volume.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        ["Options"] = new JsonObject(),
        ["Scope"] = "local",
    };
}
