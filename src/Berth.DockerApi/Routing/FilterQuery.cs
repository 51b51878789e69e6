using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.DockerApi.Routing;

/// <summary>
/// Docker's `filters` query parameter: {"key": ["v1", "v2"]} (older clients) or {"key": {"v1": true}} (newer),
/// each key's values ORed (labels ANDed), keys ANDed (<see cref="MatchesAll"/>). A key the endpoint does not know is a 400, as dockerd answers.
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

    /// <summary>
    /// dockerd's rule for a filters query: keys AND; the values of a key OR, except label values, which must all match
    /// (`--filter label=a --filter label=b` wants both, which docker-compose relies on).
    /// </summary>
    public static bool MatchesAll(Dictionary<string, List<string>> filters, Func<string, string, bool> matches) =>
        filters.All(f => f.Value.Count == 0 || (f.Key == "label" ? f.Value.All(v => matches(f.Key, v)) : f.Value.Any(v => matches(f.Key, v))));

    /// <summary>"k=v" matches that label with that value, "k" the label with any value.</summary>
    public static bool MatchesLabel(IReadOnlyDictionary<string, string> labels, string filter) =>
        filter.Split('=', 2) is [var key, var value] ? labels.TryGetValue(key, out var actual) && actual == value : labels.ContainsKey(filter);
}
