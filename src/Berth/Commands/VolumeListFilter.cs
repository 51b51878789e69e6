using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>
/// `volume ls --filter` and `volume prune --filter`, as Podman 4.3 reads them: name (a regular expression), driver,
/// scope, opt (an option's KEY or KEY=VALUE), dangling (true|false), until (created before a time or duration ago), whose
/// values are alternatives, and label (KEY or KEY=VALUE), whose values must all hold. Different keys must all match;
/// an unknown key is an error.
/// </summary>
public sealed class VolumeListFilter
{
    private static readonly HashSet<string> Keys = ["name", "driver", "scope", "opt", "dangling", "until", "label"];
    private readonly ILookup<string, string> _filters;
    private readonly DateTimeOffset _now;

    private VolumeListFilter(ILookup<string, string> filters, DateTimeOffset now)
    {
        _filters = filters;
        _now = now;
    }

    /// <summary>Whether a dangling filter needs to know which volumes containers use.</summary>
    public bool NeedsUsage => _filters.Contains("dangling");

    /// <param name="now">The time an until duration counts back from.</param>
    public static VolumeListFilter Parse(IEnumerable<string> filters, DateTimeOffset now) =>
        new(filters.Select(Split).ToLookup(f => f.Key, f => f.Value), now);

    /// <param name="used">The names of the volumes containers use (for dangling).</param>
    public bool Matches(VolumeRecord volume, IReadOnlySet<string> used) =>
        _filters.All(key => key.Key switch
        {
            "label" => key.All(value => LabelFilter.Matches(volume.Labels, value)),
            _ => key.Any(value => key.Key switch
            {
                "name" => Regex.IsMatch(volume.Name, value),
                "driver" => volume.Driver == value,
                "scope" => value == "local",
                "opt" => LabelFilter.Matches(volume.Options, value),
                "dangling" => used.Contains(volume.Name) != (value == "true"),
                "until" => volume.Created < PointInTime.Parse(value, _now, "until filter"),
                _ => false,
            }),
        });

    private static KeyValuePair<string, string> Split(string filter)
    {
        var equals = filter.IndexOf('=');
        var key = equals < 0 ? filter : filter[..equals];
        var value = equals < 0 ? "" : filter[(equals + 1)..];
        if (equals < 0)
        {
            throw new InvalidArgumentException($"filter input must be in the form of filter=value: {filter} is invalid");
        }
        if (!Keys.Contains(key))
        {
            throw new InvalidArgumentException($"\"{key}\" is an invalid volume filter");
        }
        if (key == "dangling" && value is not ("true" or "false"))
        {
            throw new InvalidArgumentException($"\"{value}\" is not a valid value for the \"dangling\" filter - must be true or false");
        }
        if (key == "name" && !ContainerListFilter.IsPattern(value))
        {
            throw new InvalidArgumentException($"invalid name filter \"{value}\": not a regular expression");
        }
        return KeyValuePair.Create(key, value);
    }
}
