using System.Text.RegularExpressions;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// Matches what a user typed against the index, in Podman's order: a full id or digest, then a name
/// (short names match any domain), then a unique id prefix.
/// </summary>
public static partial class ImageLookup
{
    public static ImageRecord? Find(IReadOnlyList<ImageRecord> images, string text)
    {
        if (Digest.TryParse(text, out var digest))
        {
            return images.FirstOrDefault(i => i.Id == digest.ToString() || i.HasManifestDigest(digest.ToString()));
        }
        if (ImageReference.TryParse(text, out var reference, out _))
        {
            var byName = reference.Digest is { } pinned
                ? images.FirstOrDefault(i => i.HasManifestDigest(pinned.ToString()))
                : images.FirstOrDefault(i => i.Names.Any(reference.Matches));
            if (byName is not null)
            {
                return byName;
            }
        }
        if (IdPrefix().IsMatch(text))
        {
            var matches = images.Where(i => i.Id.AsSpan("sha256:".Length).StartsWith(text, StringComparison.Ordinal)).ToList();
            return matches.Count switch
            {
                1 => matches[0],
                0 => null,
                _ => throw new InvalidArgumentException($"{text}: short id is ambiguous ({matches.Count} images)"),
            };
        }
        return null;
    }

    [GeneratedRegex("^[0-9a-f]{3,64}$")]
    private static partial Regex IdPrefix();
}
