using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Agent.Volumes;

/// <summary>
/// persistentVolumeClaim: the claim must be bound (the pod waits with FailedMount until it is), and
/// its volume is a directory of this node (hostPath, as local-path volumes are, or local). The
/// pod's volume directory volumes/kubernetes.io~pvc/NAME becomes a symbolic link to it, so where the
/// volume is follows from the pod's directory alone and removing the pod removes the link, never the
/// data. The claim's readOnly makes every mount of it read-only.
/// </summary>
public sealed class PersistentVolumeClaimPlugin(ApiClient client) : IVolumePlugin
{
    private const string PluginDirectory = "kubernetes.io~pvc";

    private readonly ResourceClient<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claims = client.For(KubeResources.PersistentVolumeClaims);
    private readonly ResourceClient<V1PersistentVolume, V1PersistentVolumeList> _volumes = client.For(KubeResources.PersistentVolumes);

    public bool IsApiData => false;

    public bool Handles(VolumeContext context) => context.Volume.PersistentVolumeClaim is not null;

    public string HostPath(VolumeContext context)
    {
        var link = context.DirectoryOf(PluginDirectory);
        return new FileInfo(link).LinkTarget ?? link;
    }

    public async Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var ns = context.Pod.Metadata.NamespaceProperty;
        var claimName = context.Volume.PersistentVolumeClaim.ClaimName;
        var claim = await _claims.TryGetAsync(ns, claimName, cancellationToken)
            ?? throw new VolumeSetUpException($"error processing PVC {ns}/{claimName}: persistentvolumeclaim \"{claimName}\" not found");
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName) || claim.Status?.Phase != "Bound")
        {
            throw new VolumeSetUpException($"error processing PVC {ns}/{claimName}: PVC is not bound");
        }
        var volume = await _volumes.TryGetAsync(null, claim.Spec.VolumeName, cancellationToken)
            ?? throw new VolumeSetUpException($"error processing PVC {ns}/{claimName}: persistentvolume \"{claim.Spec.VolumeName}\" not found");
        var path = PathOf(volume);
        if (!Directory.Exists(path))
        {
            if (volume.Spec.HostPath?.Type is not "DirectoryOrCreate")
            {
                throw new VolumeSetUpException($"path \"{path}\" of volume \"{volume.Metadata.Name}\" does not exist on this node");
            }
            Directory.CreateDirectory(path);
        }
        Link(context.DirectoryOf(PluginDirectory), path);
    }

    private static string PathOf(V1PersistentVolume volume) =>
        volume.Spec?.HostPath?.Path ?? volume.Spec?.Local?.Path
        ?? throw new VolumeSetUpException($"volume \"{volume.Metadata.Name}\" is not a directory of this node: berth's agent mounts hostPath and local persistent volumes only");

    /// <summary>Points the link at the volume's directory, replacing a link to another one.</summary>
    private static void Link(string link, string target)
    {
        var existing = new FileInfo(link);
        if (existing.LinkTarget == target)
        {
            return;
        }
        if (existing.LinkTarget is not null)
        {
            existing.Delete();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);
    }
}
