using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Health;

namespace Berth.Cli.Commands;

/// <summary>
/// `ps --filter KEY=VALUE`, as Podman 4.3 reads it: values of one key are alternatives (labels must all match),
/// different keys must all match. id and name are regular expressions; an unknown key is an error.
/// </summary>
public sealed class ContainerListFilter
{
    private static readonly HashSet<string> Keys = ["id", "name", "label", "status", "ancestor", "exited", "restart-policy", "health"];
    private readonly ILookup<string, string> _filters;
    private readonly Func<ContainerRecord, string?> _health;

    private ContainerListFilter(ILookup<string, string> filters, Func<ContainerRecord, string?> health) => (_filters, _health) = (filters, health);

    /// <summary>Whether a filter names containers that are not running, which lists them without --all, as Podman does.</summary>
    public bool ListsStopped => _filters.Contains("status") || _filters.Contains("exited");

    /// <param name="health">A container's health (starting, healthy, unhealthy), null without a check: for health=.</param>
    public static ContainerListFilter Parse(IEnumerable<string> filters, Func<ContainerRecord, string?>? health = null) =>
        new(filters.Select(Split).ToLookup(f => f.Key, f => f.Value), health ?? (_ => null));

    public bool Matches(ContainerRecord c) => _filters.All(key => key.Key switch
    {
        "label" => key.All(value => LabelFilter.Matches(c.Labels, value)),
        "health" => key.Contains(_health(c) ?? HealthStatus.None),
        _ => key.Any(value => Matches(c, key.Key, value)),
    });

    private static KeyValuePair<string, string> Split(string filter)
    {
        var equals = filter.IndexOf('=');
        var key = equals < 0 ? filter : filter[..equals];
        if (equals < 0 || !Keys.Contains(key))
        {
            throw new InvalidArgumentException($"invalid filter \"{filter}\": the keys are {string.Join(", ", Keys)} (KEY=VALUE)");
        }
        var value = filter[(equals + 1)..];
        if (key == "health" && value is not (HealthStatus.Starting or HealthStatus.Healthy or HealthStatus.Unhealthy or HealthStatus.None))
        {
            throw new InvalidArgumentException($"invalid filter \"{filter}\": health is starting, healthy, unhealthy or none");
        }
        if (key is "id" or "name" && !IsPattern(value))
        {
            throw new InvalidArgumentException($"invalid filter \"{filter}\": not a regular expression");
        }
        if (key == "restart-policy" && !RestartPolicy.Names.Contains(value) && value != "none")
        {
            throw new InvalidArgumentException($"{value} invalid restart policy");
        }
        return KeyValuePair.Create(key, value);
    }

    /// <summary>Whether <paramref name="value"/> is a regular expression .NET can read (a name filter's value).</summary>
    internal static bool IsPattern(string value)
    {
        try
        {
            _ = new Regex(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Matches(ContainerRecord c, string key, string value) => key switch
    {
        "id" => Regex.IsMatch(c.Id, value),
        "name" => Regex.IsMatch(c.Name, value),
        "status" => c.Status.ToString().Equals(value, StringComparison.OrdinalIgnoreCase),
        "ancestor" => IsImage(c.ImageReference, value) || c.ImageId.StartsWith(value, StringComparison.Ordinal),
        // Podman names the unset policy "none" as well as "no".
        "restart-policy" => c.RestartPolicy.Name == (value == "none" ? RestartPolicy.NoName : value),
        "exited" => c.Status == ContainerStatus.Exited && c.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) == value,
        _ => false,
    };

    /// <summary>Whether an image reference is the one named, which may leave out the tag and the registry and path.</summary>
    private static bool IsImage(string reference, string name)
    {
        var tagged = name.LastIndexOf(':') > name.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        var compared = tagged || colon < reference.LastIndexOf('/') ? reference : reference[..colon];
        return compared == name || compared.EndsWith("/" + name, StringComparison.Ordinal);
    }
}
