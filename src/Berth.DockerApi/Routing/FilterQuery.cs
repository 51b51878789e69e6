using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.DockerApi.Routing;

/// <summary>
/// Docker's `filters` query parameter: {"key": ["v1", "v2"]} (older clients) or {"key": {"v1": true}} (newer),
/// each key's values ORed, keys ANDed by the caller. A key the endpoint does not know is a 400, as dockerd answers.
/// </summary>
public static class FilterQuery
{
    public static Dictionary<string, List<string>> Parse(string? json, IReadOnlySet<string> known)
    {
        var filters = new Dictionary<string, List<string>>();
        if (string.IsNullOrEmpty(json))
        {
            return filters;
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
            if (!known.Contains(key))
            {
                throw new InvalidArgumentException($"invalid filter '{key}'");
            }
            filters[key] = value switch
            {
                JsonArray array => array.Select(v => v?.GetValue<string>() ?? "").ToList(),
                JsonObject set => set.Where(v => v.Value?.GetValue<bool>() ?? false).Select(v => v.Key).ToList(),
                _ => throw new InvalidArgumentException($"invalid filter '{key}'"),
            };
        }
        return filters;
    }

    /// <summary>"k=v" matches that label with that value, "k" the label with any value.</summary>
    public static bool MatchesLabel(IReadOnlyDictionary<string, string> labels, string filter) =>
        filter.Split('=', 2) is [var key, var value] ? labels.TryGetValue(key, out var actual) && actual == value : labels.ContainsKey(filter);
}
