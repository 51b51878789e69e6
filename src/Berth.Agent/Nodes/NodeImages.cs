using Berth.Engine.Images;
using k8s.Models;

namespace Berth.Agent.Nodes;

/// <summary>The images the node holds, as status.images lists them for the scheduler's ImageLocality: repo digests, then tags, and the size.</summary>
public sealed class NodeImages(ImageStore store)
{
    public async Task<IReadOnlyList<V1ContainerImage>> ListAsync(CancellationToken cancellationToken)
    {
        var images = await store.ListAsync(cancellationToken);
        return images.Where(i => i.Names.Count > 0).Select(ToContainerImage).ToList();
    }

    public static V1ContainerImage ToContainerImage(ImageRecord image)
    {
        var repositories = image.Names.Select(n => ImageReference.Parse(n).Repository).Distinct();
        return new V1ContainerImage
        {
            Names = [.. repositories.Select(r => $"{r}@{image.Manifest}"), .. image.Names],
            SizeBytes = image.Size,
        };
    }
}
