using System.Text.RegularExpressions;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// An image name as users type it: [domain/]path[:tag][@digest], after the distribution reference
/// grammar. Names without a domain are stored under "localhost/", as Podman does for local images,
/// and match any stored image with the same path when looked up (short-name matching).
/// </summary>
public sealed partial record ImageReference
{
    public const string LocalDomain = "localhost";
    public const string DefaultTag = "latest";

    private ImageReference(string? domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        RepositoryPath = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry part, null when the user gave none.</summary>
    public string? Domain { get; }

    /// <summary>The path under the domain, e.g. "library/alpine".</summary>
    public string RepositoryPath { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>domain/path, with localhost for a short name.</summary>
    public string Repository => $"{Domain ?? LocalDomain}/{RepositoryPath}";

    /// <summary>The name the store records: domain/path:tag (tag defaults to latest).</summary>
    public string FullName => $"{Repository}:{Tag ?? DefaultTag}";

    public override string ToString() => Digest is { } d && Tag is null ? $"{Repository}@{d}" : FullName;

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new InvalidArgumentException($"invalid reference format: {error}: {text}");

    public static bool TryParse(string text, out ImageReference reference, out string error)
    {
        reference = null!;
        error = "";
        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Store.Digest.TryParse(rest[(at + 1)..], out var parsed))
            {
                error = "invalid digest";
                return false;
            }
            digest = parsed;
            rest = rest[..at];
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = "invalid tag";
                return false;
            }
        }
        string? domain = null;
        var slash = rest.IndexOf('/');
        if (slash > 0 && (rest[..slash].Contains('.') || rest[..slash].Contains(':') || rest[..slash] == LocalDomain))
        {
            domain = rest[..slash];
            rest = rest[(slash + 1)..];
            if (!DomainPattern().IsMatch(domain))
            {
                error = "invalid domain";
                return false;
            }
        }
        if (rest.Any(char.IsUpper))
        {
            error = "repository name must be lowercase";
            return false;
        }
        if (!PathPattern().IsMatch(rest) || rest.Length > 255)
        {
            error = "invalid repository name";
            return false;
        }
        if (domain == "docker.io" && !rest.Contains('/'))
        {
            rest = $"library/{rest}";
        }
        reference = new ImageReference(domain, rest, tag, digest);
        return true;
    }

    /// <summary>
    /// Whether a stored full name ("domain/path:tag") is what this reference asks for: exactly, or,
    /// for a short name, by path under any domain (docker.io's "library/" included).
    /// </summary>
    public bool Matches(string storedName)
    {
        if (!TryParse(storedName, out var stored, out _) || (stored.Tag ?? DefaultTag) != (Tag ?? DefaultTag))
        {
            return false;
        }
        if (Domain is not null)
        {
            return stored.Repository == Repository;
        }
        return stored.RepositoryPath == RepositoryPath ||
            (stored.Domain == "docker.io" && stored.RepositoryPath == $"library/{RepositoryPath}");
    }

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();
}
