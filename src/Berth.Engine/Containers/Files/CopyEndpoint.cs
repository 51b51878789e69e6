namespace Berth.Engine.Containers.Files;

/// <summary>One side of `cp`: CONTAINER:PATH, a host path, or "-" for a tar stream on stdin or stdout.</summary>
public sealed record CopyEndpoint(string? Container, string Path)
{
    public bool IsStream => Container is null && Path == "-";

    /// <summary>
    /// Podman's and Docker's reading: a path that starts with "/" or "." is the host's, so is one whose part
    /// before the first ":" holds a "/"; otherwise that part names a container.
    /// </summary>
    public static CopyEndpoint Parse(string text)
    {
        var colon = text.IndexOf(':');
        if (text.StartsWith('/') || text.StartsWith('.') || colon < 0 || text[..colon].Contains('/'))
        {
            return new CopyEndpoint(null, text);
        }
        return text[..colon].Length == 0
            ? throw new InvalidArgumentException("name or ID cannot be empty")
            : new CopyEndpoint(text[..colon], text[(colon + 1)..] is { Length: > 0 } path ? path : "/");
    }
}
