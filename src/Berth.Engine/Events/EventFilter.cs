namespace Berth.Engine.Events;

/// <summary>
/// Podman's and dockerd's event filters: type, event (the status), container, image, volume, network, pod and label; the values of
/// one key OR, different keys AND. A container or image matches by name, full id or id prefix.
/// </summary>
public sealed class EventFilter
{
    public static readonly IReadOnlySet<string> Keys = new HashSet<string> { "type", "event", "container", "image", "volume", "network", "pod", "label" };

    private readonly IReadOnlyDictionary<string, List<string>> _filters;

    public EventFilter(IReadOnlyDictionary<string, List<string>> filters)
    {
        if (filters.Keys.FirstOrDefault(k => !Keys.Contains(k)) is { } unknown)
        {
            throw new InvalidArgumentException($"{unknown} is an invalid filter");
        }
        _filters = filters;
    }

    /// <summary>`--filter KEY=VALUE` items, repeated as the user gives them.</summary>
    public static EventFilter Parse(IEnumerable<string> items)
    {
        var filters = new Dictionary<string, List<string>>();
        foreach (var item in items)
        {
            var (key, value) = item.Split('=', 2) is [var k, var v] ? (k, v) : throw new InvalidArgumentException($"invalid filter \"{item}\": expected KEY=VALUE");
            (filters.TryGetValue(key, out var values) ? values : filters[key] = []).Add(value);
        }
        return new EventFilter(filters);
    }

    public bool Matches(EngineEvent e) => _filters.All(f => f.Value.Any(value => f.Key switch
    {
        "type" => e.Type == value,
        "event" => e.Status == value,
        "container" => e.Type == "container" && Names(e, value),
        "image" => e.Type == "image" ? Names(e, value) || ImageNamed(e.Name, value) : e.Type == "container" && ImageNamed(e.Image, value),
        "volume" => e.Type == "volume" && e.Name == value,
        // A network's own events (create, remove) carry its id; connect and disconnect carry the container's.
        "network" => e.Type == "network" && (e.Network == value || (e.Status is "create" or "remove" && Names(e, value))),
        "pod" => e.Type == "pod" && Names(e, value),
        "label" => e.Attributes is { } labels && (value.Split('=', 2) is [var k, var v] ? labels.TryGetValue(k, out var actual) && actual == v : labels.ContainsKey(value)),
        _ => false,
    }));

    /// <summary>A reference matches itself and its short forms (busybox:1 for localhost/busybox:1).</summary>
    private static bool ImageNamed(string? reference, string value) =>
        reference is not null && (reference == value || reference.EndsWith("/" + value, StringComparison.Ordinal));

    private static bool Names(EngineEvent e, string value) =>
        e.Name == value || (e.Id is { } id && value.Length > 0 && id.StartsWith(value, StringComparison.Ordinal));
}
