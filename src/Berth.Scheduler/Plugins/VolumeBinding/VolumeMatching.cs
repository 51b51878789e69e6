using Berth.Client.Scheduling;
using Berth.Client.Storage;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.VolumeBinding;

/// <summary>Volume matching on one node: <see cref="VolumeClaimMatcher"/> with the volume's node affinity checked against it.</summary>
internal static class VolumeMatching
{
    public static V1PersistentVolume? Find(V1PersistentVolumeClaim claim, NodeInfo node, IEnumerable<V1PersistentVolume> volumes, IReadOnlySet<string> taken) =>
        VolumeClaimMatcher.Find(claim, volumes, volume => AffinityAllows(volume, node), taken);

    /// <summary>The volume's node affinity (local volumes) admits the node; a volume without one fits anywhere.</summary>
    public static bool AffinityAllows(V1PersistentVolume volume, NodeInfo node) =>
        volume.Spec?.NodeAffinity?.Required is not { } required || NodeSelectorMatcher.From(required).Matches(node.Labels, node.Name);
}
