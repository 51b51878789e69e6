using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Images.Oci;

namespace Berth.Engine.Images;

/// <summary>`image inspect`: an image as a JSON object shaped like Podman's, so scripts reading it keep working.</summary>
public sealed class ImageInspector(ImageStore store)
{
    public async Task<JsonObject> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        var image = await store.FindAsync(reference, cancellationToken);
        var config = await store.ReadConfigAsync(image, cancellationToken);
        var manifest = await store.ReadManifestAsync(image, cancellationToken);
        var names = image.Names.Select(n => (JsonNode?)n).ToArray();
        return new JsonObject
        {
            ["Id"] = image.Id["sha256:".Length..],
            ["Digest"] = image.Manifest,
            ["RepoTags"] = new JsonArray(names),
            ["RepoDigests"] = new JsonArray(image.Names.Select(n => (JsonNode?)$"{n[..n.LastIndexOf(':')]}@{image.Manifest}").ToArray()),
            ["Created"] = image.Created,
            ["Config"] = JsonSerializer.SerializeToNode(config.Config ?? new OciContainerConfig(), OciJson.Default.OciContainerConfig),
            ["Architecture"] = config.Architecture,
            ["Os"] = config.Os,
            ["Size"] = image.Size,
            ["Labels"] = JsonSerializer.SerializeToNode(config.Config?.Labels ?? [], OciJson.Default.DictionaryStringString),
            ["RootFS"] = new JsonObject
            {
                ["Type"] = config.RootFs.Type,
                ["Layers"] = new JsonArray(config.RootFs.DiffIds.Select(d => (JsonNode?)d).ToArray()),
            },
            ["LayerDirectories"] = new JsonArray(store.LayerDirectories(config).Select(d => (JsonNode?)d).ToArray()),
            ["History"] = JsonSerializer.SerializeToNode(config.History ?? [], OciJson.Default.ListOciHistory),
            ["ManifestType"] = manifest.MediaType ?? MediaTypes.OciManifest,
        };
    }
}
