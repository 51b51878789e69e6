using System.Text.RegularExpressions;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>
/// `images --filter KEY=VALUE`, as Podman 4.3 reads it: reference (a glob on the name, with or without its
/// registry and tag), dangling, label, before and since (an image's name or id). Values of one key are
/// alternatives (labels must all match), different keys must all match; an unknown key is an error.
/// </summary>
public sealed class ImageListFilter
{
    private static readonly HashSet<string> Keys = ["reference", "dangling", "label", "before", "since"];
    private readonly ILookup<string, string> _filters;

    private ImageListFilter(ILookup<string, string> filters) => _filters = filters;

    /// <summary>Whether a label filter needs the images' labels (read from their configs).</summary>
    public bool NeedsLabels => _filters.Contains("label");

    public static ImageListFilter Parse(IEnumerable<string> filters) => new(filters.Select(Split).ToLookup(f => f.Key, f => f.Value));

    /// <summary>The time of each image that a before or since filter names, looked up in <paramref name="store"/>.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ReferencedTimesAsync(ImageStore store, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, DateTimeOffset>();
        foreach (var reference in _filters["before"].Concat(_filters["since"]))
        {
            times[reference] = (await store.FindAsync(reference, cancellationToken)).Created;
        }
        return times;
    }

    public bool Matches(ImageRecord image, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, DateTimeOffset> referencedTimes) =>
        _filters.All(key => key.Key == "label"
            ? key.All(value => LabelFilter.Matches(labels, value))
            : key.Any(value => key.Key switch
            {
                "reference" => image.Names.Any(name => IsReference(name, value)),
                "dangling" => (image.Names.Count == 0) == (value == "true"),
                "before" => image.Created < referencedTimes[value],
                "since" => image.Created > referencedTimes[value],
                _ => false,
            }));

    private static KeyValuePair<string, string> Split(string filter)
    {
        var equals = filter.IndexOf('=');
        var key = equals < 0 ? filter : filter[..equals];
        var value = equals < 0 ? "" : filter[(equals + 1)..];
        if (equals < 0 || !Keys.Contains(key) || (key == "dangling" && value is not ("true" or "false")))
        {
            throw new InvalidArgumentException($"invalid filter \"{filter}\": the keys are {string.Join(", ", Keys)} (KEY=VALUE; dangling=true|false)");
        }
        return KeyValuePair.Create(key, value);
    }

    /// <summary>Whether a full name ("localhost/app:1") matches a glob of it, of its path without the registry, or either without the tag.</summary>
    private static bool IsReference(string name, string pattern)
    {
        var glob = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        var repository = name[..name.LastIndexOf(':')];
        var path = repository.IndexOf('/') is var slash and >= 0 ? repository[(slash + 1)..] : repository;
        var tag = name[repository.Length..];
        return new[] { name, repository, path + tag, path }.Any(glob.IsMatch);
    }
}
