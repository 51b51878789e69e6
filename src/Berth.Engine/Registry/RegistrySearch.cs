using System.Text.Json;

namespace Berth.Engine.Registry;

/// <summary>
/// `search TERM`, as Podman searches: "REGISTRY/QUERY" asks that registry, a term without a registry asks Docker
/// Hub. A registry is asked through Docker Hub's /v1/search first; one without it (a distribution registry) is
/// listed through /v2/_catalog and its repositories containing QUERY are the results. Failures are one-line
/// <see cref="BerthException"/>s naming the registry.
/// </summary>
public sealed class RegistrySearch(RegistryConnector connector)
{
    /// <summary>How many repositories a catalog listing asks for; the registry's own page limit may be lower.</summary>
    private const int CatalogPage = 1000;

    public async Task<IReadOnlyList<SearchResult>> SearchAsync(string term, int limit, CancellationToken cancellationToken)
    {
        var (domain, query) = Split(term);
        // Docker Hub's search answers on the index host, not on the registry's.
        var host = domain == RegistryReference.DockerHub ? "index.docker.io" : domain;
        using var client = connector.Open(host, "", connector.CredentialsFor(domain), push: false);
        using var found = await client.SearchAsync(query, limit, cancellationToken);
        if (found is not null)
        {
            return ReadV1(found, host);
        }
        var repositories = await client.CatalogAsync(CatalogPage, cancellationToken);
        return [.. repositories
            .Where(r => r.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Take(limit)
            .Select(r => new SearchResult($"{domain}/{r}", "", 0, false, false))];
    }

    /// <summary>"127.0.0.1:5000/app" is (127.0.0.1:5000, app); a first part without '.', ':' or "localhost" is no registry.</summary>
    public static (string Domain, string Query) Split(string term)
    {
        if (string.IsNullOrWhiteSpace(term))
        {
            throw new InvalidArgumentException("a search term must be given");
        }
        var slash = term.IndexOf('/');
        var first = slash < 0 ? "" : term[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost"
            ? (first, term[(slash + 1)..])
            : (RegistryReference.DockerHub, term);
    }

    private static List<SearchResult> ReadV1(JsonDocument document, string host)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw new BerthException($"searching {host}: the registry's answer has no results");
        }
        return [.. results.EnumerateArray().Select(r => new SearchResult(
            Text(r, "name"), Text(r, "description"),
            r.TryGetProperty("star_count", out var stars) && stars.TryGetInt32(out var count) ? count : 0,
            Flag(r, "is_official"), Flag(r, "is_automated")))];
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
