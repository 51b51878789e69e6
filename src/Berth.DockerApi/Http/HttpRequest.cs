using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;

namespace Berth.DockerApi.Http;

/// <summary>One request as a handler sees it: head, query, route values and body.</summary>
public sealed class HttpRequest
{
    private readonly System.Collections.Specialized.NameValueCollection _query;

    internal HttpRequest(HttpRequestHead head, Stream body)
    {
        Head = head;
        Body = body;
        _query = HttpUtility.ParseQueryString(head.Query);
    }

    public HttpRequestHead Head { get; }

    public Stream Body { get; }

    /// <summary>The path's placeholders ({id}, {name}) as the route matched them, unescaped.</summary>
    public IReadOnlyDictionary<string, string> Route { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The API version the client asked for in the /vX.Y prefix, or the server's newest.</summary>
    public Version ApiVersion { get; internal set; } = new(1, 0);

    public string? Query(string name) => _query[name];

    /// <summary>Every value of a repeated parameter (?t=a&amp;t=b).</summary>
    public IReadOnlyList<string> QueryAll(string name) => _query.GetValues(name) ?? [];

    /// <summary>Docker's booleans: 1/true/True; anything else (absent, 0, false) is false.</summary>
    public bool QueryFlag(string name) => Query(name) is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    public int? QueryInt(string name) => int.TryParse(Query(name), out var value) ? value : null;

    /// <summary>The body as a JSON object; an empty body is an empty object, malformed JSON a 400.</summary>
    public async Task<JsonObject> ReadJsonObjectAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject ?? throw new InvalidArgumentException("the request body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"malformed JSON in the request body: {e.Message}");
        }
    }
}
