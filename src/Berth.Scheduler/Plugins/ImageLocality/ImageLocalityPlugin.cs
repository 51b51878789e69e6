using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.ImageLocality;

/// <summary>
/// Prefers nodes that already hold the pod's images: each image present adds its size scaled by
/// the share of nodes that have it (so a ubiquitous image does not pull every pod to one node);
/// the sum maps linearly from 23 MiB (0) to 1000 MiB per container (100).
/// </summary>
public sealed class ImageLocalityPlugin : IScorePlugin
{
    private const long MiB = 1024 * 1024;
    private const long MinThreshold = 23 * MiB;
    private const long MaxContainerThreshold = 1000 * MiB;

    public string Name => "ImageLocality";

    /// <summary>
    /// Names the pod's images once per cycle, not once per node scored; skips scoring when no node holds any of them,
    /// where every node would score 0.
    /// </summary>
    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot)
    {
        var spec = pod.Pod.Spec;
        string[] images = [.. (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []).Select(c => Normalized(c.Image ?? ""))];
        if (!AnyOnANode(images, snapshot))
        {
            return Status.Skip;
        }
        state.Write(CycleSlots.ImageLocalityScore, new PodImages(images));
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var images = state.Read<PodImages>(CycleSlots.ImageLocalityScore)!.Normalized;
        long sum = 0;
        if (node.Images.Count > 0)
        {
            foreach (var image in images)
            {
                if (node.Images.TryGetValue(image, out var size))
                {
                    var spread = (double)snapshot.NodesWithImage(image) / snapshot.NodeCount;
                    sum += (long)(size * spread);
                }
            }
        }
        var max = MaxContainerThreshold * images.Length;
        sum = Math.Clamp(sum, MinThreshold, Math.Max(max, MinThreshold));
        return max <= MinThreshold ? 0 : IScorePlugin.MaxNodeScore * (sum - MinThreshold) / (max - MinThreshold);
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
    }

    private sealed record PodImages(string[] Normalized) : ICycleData
    {
        public ICycleData Copy() => this;
    }

    private static bool AnyOnANode(string[] images, ClusterSnapshot snapshot)
    {
        foreach (var image in images)
        {
            if (snapshot.NodesWithImage(image) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An image without a tag means :latest (imagelocality's normalizedImageName).</summary>
    public static string Normalized(string image) =>
        image.LastIndexOf(':') <= image.LastIndexOf('/') ? image + ":latest" : image;
}
