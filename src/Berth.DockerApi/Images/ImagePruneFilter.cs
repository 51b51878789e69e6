using Berth.DockerApi.Routing;
using Berth.Engine.Containers;

namespace Berth.DockerApi.Images;

/// <summary>
/// The filters of POST /images/prune, as dockerd reads them: dangling (true, the default: only unnamed images; false:
/// every unused image, `prune -a`), until (created before a time or a duration ago), label and label! (k or k=v,
/// every one must hold). Any other key is a 400.
/// </summary>
public sealed class ImagePruneFilter
{
    private static readonly HashSet<string> Known = ["dangling", "until", "label", "label!"];

    private ImagePruneFilter(bool danglingOnly, DateTimeOffset? until, IReadOnlyList<string> labels, IReadOnlyList<string> notLabels)
    {
        DanglingOnly = danglingOnly;
        Until = until;
        Labels = labels;
        NotLabels = notLabels;
    }

    public bool DanglingOnly { get; }

    public DateTimeOffset? Until { get; }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<string> NotLabels { get; }

    /// <summary>Whether any filter needs the image's labels (read from its config).</summary>
    public bool NeedsLabels => Labels.Count > 0 || NotLabels.Count > 0;

    public static ImagePruneFilter Parse(string? filtersJson, DateTimeOffset now)
    {
        var filters = FilterQuery.Parse(filtersJson, Known);
        var dangling = filters.GetValueOrDefault("dangling") ?? [];
        var danglingOnly = dangling.Count == 0 || dangling.All(v => v.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new InvalidArgumentException($"invalid filter 'dangling={v}'"),
        });
        var until = (filters.GetValueOrDefault("until") ?? []) switch
        {
            [] => null,
            [var one] => PointInTime.Parse(one, now, "until"),
            _ => throw new InvalidArgumentException("only one until filter is allowed"),
        };
        return new ImagePruneFilter(danglingOnly, until, filters.GetValueOrDefault("label") ?? [], filters.GetValueOrDefault("label!") ?? []);
    }

    public bool Matches(DateTimeOffset created, IReadOnlyDictionary<string, string> labels) =>
        (Until is not { } until || created < until)
        && Labels.All(l => FilterQuery.MatchesLabel(labels, l))
        && !NotLabels.Any(l => FilterQuery.MatchesLabel(labels, l));
}
