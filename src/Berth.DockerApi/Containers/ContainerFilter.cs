using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;

namespace Berth.DockerApi.Containers;

/// <summary>
/// The `filters` query of GET /containers/json: {"label":["k=v","k"],"name":["web"],"id":[…],"status":[…],
/// "ancestor":[…]} (each key ORs its values; keys AND), as dockerd reads it. An unknown key is a 400.
/// </summary>
public sealed class ContainerFilter
{
    private static readonly HashSet<string> Known = ["label", "name", "id", "status", "ancestor"];
    private readonly Dictionary<string, List<string>> _filters;

    private ContainerFilter(Dictionary<string, List<string>> filters) => _filters = filters;

    /// <summary>A status filter lists containers whatever `all` says, as dockerd does.</summary>
    public bool HasStatusFilter => _filters.ContainsKey("status");

    public static ContainerFilter Parse(string? json)
    {
        var filters = new Dictionary<string, List<string>>();
        if (string.IsNullOrEmpty(json))
        {
            return new ContainerFilter(filters);
        }
        JsonObject document;
        try
        {
            document = JsonNode.Parse(json) as JsonObject ?? throw new InvalidArgumentException("filters must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"invalid filters: {e.Message}");
        }
        foreach (var (key, value) in document)
        {
            if (!Known.Contains(key))
            {
                throw new InvalidArgumentException($"invalid filter '{key}'");
            }
            // Old clients send {"key": ["v"]}, newer ones {"key": {"v": true}}.
            filters[key] = value switch
            {
                JsonArray array => array.Select(v => v?.GetValue<string>() ?? "").ToList(),
                JsonObject set => set.Where(v => v.Value?.GetValue<bool>() ?? false).Select(v => v.Key).ToList(),
                _ => throw new InvalidArgumentException($"invalid filter '{key}'"),
            };
        }
        return new ContainerFilter(filters);
    }

    public bool Matches(ContainerRecord c) => _filters.All(filter => filter.Value.Count == 0 || filter.Value.Any(value => Matches(c, filter.Key, value)));

    private static bool Matches(ContainerRecord c, string key, string value) => key switch
    {
        "label" => value.Split('=', 2) is [var k, var v] ? c.Labels.TryGetValue(k, out var actual) && actual == v : c.Labels.ContainsKey(value),
        "name" => c.Name.Contains(value.TrimStart('/'), StringComparison.Ordinal),
        "id" => c.Id.StartsWith(value, StringComparison.Ordinal),
        "status" => ContainerViews.StateName(c) == value,
        "ancestor" => c.ImageReference == value || c.ImageReference.EndsWith("/" + value, StringComparison.Ordinal) || c.ImageId.Contains(value, StringComparison.Ordinal),
        _ => false,
    };
}
