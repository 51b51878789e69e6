using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Health;

namespace Berth.DockerApi.Containers;

/// <summary>
/// The `filters` query of GET /containers/json: {"label":["k=v","k"],"name":["web"],"id":[…],"status":[…],
/// "ancestor":[…],"health":[…]} (each key ORs its values, labels AND; keys AND), as dockerd reads it. An unknown key is a 400.
/// </summary>
public sealed class ContainerFilter
{
    private static readonly HashSet<string> Known = ["label", "name", "id", "status", "ancestor", "health"];
    private readonly Dictionary<string, List<string>> _filters;
    private readonly Func<ContainerRecord, string?> _health;

    private ContainerFilter(Dictionary<string, List<string>> filters, Func<ContainerRecord, string?> health) => (_filters, _health) = (filters, health);

    /// <summary>A status filter lists containers whatever `all` says, as dockerd does.</summary>
    public bool HasStatusFilter => _filters.ContainsKey("status");

    /// <param name="health">A container's health (starting, healthy, unhealthy), null without a check: for "health" (none).</param>
    public static ContainerFilter Parse(string? json, Func<ContainerRecord, string?> health) => new(FilterQuery.Parse(json, Known), health);

    public bool Matches(ContainerRecord c) => FilterQuery.MatchesAll(_filters, (key, value) => Matches(c, key, value));

    private bool Matches(ContainerRecord c, string key, string value) => key switch
    {
        "health" => (_health(c) ?? HealthStatus.None) == value,
        "label" => FilterQuery.MatchesLabel(c.Labels, value),
        "name" => c.Name.Contains(value.TrimStart('/'), StringComparison.Ordinal),
        "id" => c.Id.StartsWith(value, StringComparison.Ordinal),
        "status" => ContainerViews.StateName(c) == value,
        "ancestor" => c.ImageReference == value || c.ImageReference.EndsWith("/" + value, StringComparison.Ordinal) || c.ImageId.Contains(value, StringComparison.Ordinal),
        _ => false,
    };
}
