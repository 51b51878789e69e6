using System.Text.RegularExpressions;

namespace Berth.Cli.Commands;

/// <summary>
/// `pod ps --filter` and `pod prune`'s, as Podman 4.3 reads them: id (a prefix), name (a regular expression), status,
/// network, ctr-number, whose values are alternatives, and label (KEY or KEY=VALUE), whose values must all hold.
/// </summary>
public sealed class PodListFilter
{
    private static readonly HashSet<string> Keys = ["id", "name", "status", "network", "ctr-number", "label"];
    private readonly ILookup<string, string> _filters;

    private PodListFilter(ILookup<string, string> filters) => _filters = filters;

    public static PodListFilter Parse(IEnumerable<string> filters) => new(filters.Select(Split).ToLookup(f => f.Key, f => f.Value));

    public bool Matches(PodView pod) =>
        _filters.All(key => key.Key == "label"
            ? key.All(value => LabelFilter.Matches(pod.Labels, value))
            : key.Any(value => key.Key switch
            {
                "id" => pod.Field("Id")!.StartsWith(value, StringComparison.Ordinal) || pod.Id.StartsWith(value, StringComparison.Ordinal),
                "name" => Regex.IsMatch(pod.Field("Name")!, value),
                "status" => string.Equals(pod.Status.ToString(), value, StringComparison.OrdinalIgnoreCase),
                "network" => pod.Field("Networks")!.Split(',').Contains(value),
                "ctr-number" => pod.Field("NumberOfContainers") == value,
                _ => false,
            }));

    private static KeyValuePair<string, string> Split(string filter)
    {
        var equals = filter.IndexOf('=');
        var key = equals < 0 ? filter : filter[..equals];
        if (!Keys.Contains(key))
        {
            throw new InvalidArgumentException($"{key} is an invalid filter");
        }
        if (equals < 0)
        {
            throw new InvalidArgumentException($"filter input must be in the form of filter=value: {filter} is invalid");
        }
        var value = filter[(equals + 1)..];
        if (key == "name" && !ContainerListFilter.IsPattern(value))
        {
            throw new InvalidArgumentException($"invalid name filter \"{value}\": not a regular expression");
        }
        return KeyValuePair.Create(key, value);
    }
}
