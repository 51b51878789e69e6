using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Registry;

namespace Berth.DockerApi.Images;

/// <summary>
/// GET /images/search?term=&amp;limit=&amp;filters=: `docker search` through <see cref="RegistrySearch"/> (a registry-prefixed
/// term asks that registry; a distribution registry is searched through its catalog). Filters stars, is-official and
/// is-automated. A registry that cannot be searched or reached is a 400 naming it, never a 500.
/// </summary>
public sealed class ImageSearchRoutes
{
    private const int DefaultLimit = 25;

    private static readonly HashSet<string> Known = ["stars", "is-official", "is-automated"];

    public void MapTo(RouteTable routes) => routes.Map("GET", "/images/search", SearchAsync);

    private static async Task SearchAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var term = request.Query("term") ?? "";
        var limit = request.Query("limit") is { Length: > 0 } text
            ? int.TryParse(text, out var n) && n is > 0 and <= 100 ? n : throw new InvalidArgumentException($"limit {text} is outside the range of [1, 100]")
            : DefaultLimit;
        var filters = FilterQuery.Parse(request.Query("filters"), Known);
        var minimumStars = filters.GetValueOrDefault("stars") is [var stars, ..]
            ? int.TryParse(stars, out var s) ? s : throw new InvalidArgumentException($"invalid filter 'stars={stars}'")
            : 0;
        var connector = new RegistryConnector(AuthFile.Default()).WithCredentials(RegistryAuthHeader.Parse(request.Head.Header(RegistryAuthHeader.Name)));
        IReadOnlyList<SearchResult> results;
        try
        {
            results = await new RegistrySearch(connector).SearchAsync(term, limit, cancellationToken);
        }
        catch (BerthException e) when (e is not InvalidArgumentException)
        {
            // The registry's failure, not Berth's: the client's to act on.
            throw new InvalidArgumentException(e.Message);
        }
        var list = new JsonArray();
        foreach (var result in results.Where(r => r.Stars >= minimumStars && Wanted(filters, "is-official", r.Official) && Wanted(filters, "is-automated", r.Automated)))
        {
            list.Add((JsonNode)new JsonObject
            {
                ["name"] = result.Name,
                ["description"] = result.Description,
                ["star_count"] = result.Stars,
                ["is_official"] = result.Official,
                ["is_automated"] = result.Automated,
            });
        }
        await response.WriteJsonAsync(200, list, cancellationToken);
    }

    private static bool Wanted(Dictionary<string, List<string>> filters, string key, bool value) =>
        filters.GetValueOrDefault(key) is not [var wanted, ..] || (bool.TryParse(wanted, out var flag)
            ? flag == value
            : throw new InvalidArgumentException($"invalid filter '{key}={wanted}'"));
}
