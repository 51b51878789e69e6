using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// Reads the manifests a registry serves: OCI image index and Docker manifest list (choosing a
/// platform), OCI image manifest and Docker schema 2 manifest. Anything else, or anything malformed,
/// is a one-line error naming what is wrong.
/// </summary>
public static class ManifestReader
{
    private static readonly HashSet<string> LayerMediaTypes =
    [
        MediaTypes.OciLayer, MediaTypes.OciLayerGzip, MediaTypes.DockerLayerGzip,
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    ];

    /// <summary>Whether the document is an index or manifest list, by its media type (header, else its own field).</summary>
    public static bool IsIndex(FetchedManifest manifest)
    {
        var mediaType = MediaTypeOf(manifest);
        return mediaType is MediaTypes.OciIndex or MediaTypes.DockerManifestList;
    }

    /// <summary>The digest of the manifest for <paramref name="platform"/> in an index or manifest list.</summary>
    public static Digest SelectPlatform(FetchedManifest index, PlatformSpec platform)
    {
        try
        {
            using var document = JsonDocument.Parse(index.Bytes);
            if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(index, "no manifests list");
            }
            var available = new List<string>();
            foreach (var entry in manifests.EnumerateArray())
            {
                var os = Text(entry, "platform", "os");
                var architecture = Text(entry, "platform", "architecture");
                var variant = Text(entry, "platform", "variant");
                available.Add(new PlatformSpec(os ?? "?", architecture ?? "?", variant).ToString());
                if (platform.Matches(os, architecture, variant))
                {
                    return Digest.TryParse(Text(entry, "digest"), out var digest) ? digest : throw Malformed(index, "an entry has an invalid digest");
                }
            }
            throw new BerthException($"no image for platform {platform} in {index.Digest} (it has: {string.Join(", ", available)})");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw Malformed(index, ex.Message);
        }
    }

    /// <summary>Parses and checks an image manifest: schema 2, a config descriptor and layer descriptors with valid digests and known media types.</summary>
    public static OciManifest ReadImageManifest(FetchedManifest fetched)
    {
        var mediaType = MediaTypeOf(fetched);
        if (mediaType.StartsWith("application/vnd.docker.distribution.manifest.v1", StringComparison.Ordinal))
        {
            throw new BerthException($"manifest {fetched.Digest} is Docker schema 1, which is not supported");
        }
        OciManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(fetched.Bytes, OciJson.Default.OciManifest) ?? throw Malformed(fetched, "empty document");
        }
        catch (JsonException ex)
        {
            throw Malformed(fetched, ex.Message);
        }
        if (manifest.SchemaVersion != 2)
        {
            throw Malformed(fetched, $"schemaVersion {manifest.SchemaVersion}, expected 2");
        }
        foreach (var descriptor in manifest.Layers.Prepend(manifest.Config))
        {
            if (!Digest.TryParse(descriptor.Digest, out _) || descriptor.Size < 0)
            {
                throw Malformed(fetched, $"invalid descriptor {descriptor.Digest}");
            }
        }
        if (manifest.Layers.FirstOrDefault(l => !LayerMediaTypes.Contains(l.MediaType)) is { } unsupported)
        {
            throw new BerthException($"layer {unsupported.Digest} has unsupported media type {unsupported.MediaType}");
        }
        return manifest;
    }

    /// <summary>The header's media type when specific, else the document's own "mediaType" field.</summary>
    public static string MediaTypeOf(FetchedManifest manifest)
    {
        if (manifest.MediaType.StartsWith("application/vnd.", StringComparison.Ordinal))
        {
            return manifest.MediaType;
        }
        try
        {
            using var document = JsonDocument.Parse(manifest.Bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(manifest, "not a JSON object");
            }
            if (Text(document.RootElement, "mediaType") is { } declared)
            {
                return declared;
            }
            return document.RootElement.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        }
        catch (JsonException ex)
        {
            throw Malformed(manifest, ex.Message);
        }
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static BerthException Malformed(FetchedManifest manifest, string why) =>
        new($"malformed manifest {manifest.Digest}: {why}");
}
