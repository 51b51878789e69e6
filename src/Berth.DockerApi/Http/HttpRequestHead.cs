namespace Berth.DockerApi.Http;

/// <summary>The request line and headers of one HTTP/1.1 request (header names compared without case).</summary>
public sealed record HttpRequestHead(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether the client asks to take over the connection (`Connection: Upgrade`), as the docker CLI does for attach and exec.</summary>
    public bool WantsUpgrade => Header("Connection") is { } connection
        && connection.Split(',').Any(token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase));

    public bool KeepAlive => !(Header("Connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) ?? false);
}
