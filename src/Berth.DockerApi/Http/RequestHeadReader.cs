namespace Berth.DockerApi.Http;

/// <summary>Parses a request line and its headers (RFC 9112 §3, §5) from a connection.</summary>
internal static class RequestHeadReader
{
    private const int MaxHeaders = 100;

    /// <summary>The next request's head; null when the client closed the connection between requests.</summary>
    public static async Task<HttpRequestHead?> ReadAsync(ConnectionReader reader, CancellationToken cancellationToken)
    {
        string? line;
        // Tolerate empty lines before a request line (RFC 9112 §2.2).
        do
        {
            line = await reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }
        }
        while (line.Length == 0);
        var parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length == 0)
        {
            throw new BadHttpRequestException($"malformed request line \"{line}\"");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } header)
        {
            var colon = header.IndexOf(':');
            if (colon <= 0 || headers.Count >= MaxHeaders)
            {
                throw new BadHttpRequestException($"malformed header \"{header}\"");
            }
            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        var target = parts[1];
        var question = target.IndexOf('?');
        var path = question >= 0 ? target[..question] : target;
        var query = question >= 0 ? target[(question + 1)..] : "";
        return new HttpRequestHead(parts[0], Uri.UnescapeDataString(path), query, headers);
    }
}
