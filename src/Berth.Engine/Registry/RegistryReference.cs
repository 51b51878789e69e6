using Berth.Engine.Images;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// An image in a registry: domain, repository, and a tag or digest. Names without a domain mean
/// docker.io (and "library/" for one-part paths), as Docker resolves them.
/// </summary>
public sealed record RegistryReference(string Domain, string Repository, string? Tag, Digest? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>What GET /v2/NAME/manifests/REFERENCE takes: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? ImageReference.DefaultTag;

    /// <summary>The full name stored for a pulled tag, e.g. "127.0.0.1:5000/app:1".</summary>
    public string Name => $"{Domain}/{Repository}:{Tag ?? ImageReference.DefaultTag}";

    public override string ToString() => Digest is { } d ? $"{Domain}/{Repository}@{d}" : Name;

    public static RegistryReference Parse(string text)
    {
        var parsed = ImageReference.Parse(text);
        var domain = parsed.Domain ?? DockerHub;
        var path = domain == DockerHub && !parsed.RepositoryPath.Contains('/') ? $"library/{parsed.RepositoryPath}" : parsed.RepositoryPath;
        var tag = parsed.Tag ?? (parsed.Digest is null ? ImageReference.DefaultTag : null);
        return new RegistryReference(domain, path, tag, parsed.Digest);
    }
}
