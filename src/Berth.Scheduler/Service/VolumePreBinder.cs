using System.Text.Json;
using Berth.Client.Rest;
using Berth.Client.Storage;
using Berth.Scheduler.Plugins.VolumeBinding;
using k8s.Models;

namespace Berth.Scheduler.Service;

/// <summary>
/// VolumeBinding's PreBind (kube's volume binder bindAPIUpdate): before the pod is bound, each of
/// its WaitForFirstConsumer claims gets what the filter chose on the node: a matching volume's
/// claimRef (bound-by-controller), which the PV controller then completes, or the
/// <c>volume.kubernetes.io/selected-node</c> annotation that tells the provisioner where to make
/// one. Unlike kube the pod is bound without waiting for the claims: the node agent waits for them.
/// </summary>
internal sealed class VolumePreBinder(ApiClient client)
{
    private readonly ResourceClient<V1PersistentVolume, V1PersistentVolumeList> _volumes = client.For(KubeResources.PersistentVolumes);
    private readonly ResourceClient<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claims = client.For(KubeResources.PersistentVolumeClaims);

    public async Task PreBindAsync(IReadOnlyList<VolumeDecision> decisions, string node, CancellationToken cancellationToken)
    {
        foreach (var (claim, volume) in decisions)
        {
            if (volume is null)
            {
                await _claims.PatchAsync(claim.Metadata.NamespaceProperty, claim.Metadata.Name, PatchType.Merge,
                    MergePatch(writer => writer.WriteString(StorageAnnotations.SelectedNode, node), null), cancellationToken);
                continue;
            }
            if (VolumeClaimMatcher.IsPreBoundTo(volume, claim) && !string.IsNullOrEmpty(volume.Spec.ClaimRef.Uid))
            {
                continue;
            }
            await _volumes.PatchAsync(null, volume.Metadata.Name, PatchType.Merge, MergePatch(
                writer => writer.WriteString(StorageAnnotations.BoundByController, StorageAnnotations.Yes),
                writer =>
                {
                    writer.WriteStartObject("claimRef");
                    writer.WriteString("apiVersion", "v1");
                    writer.WriteString("kind", "PersistentVolumeClaim");
                    writer.WriteString("namespace", claim.Metadata.NamespaceProperty);
                    writer.WriteString("name", claim.Metadata.Name);
                    writer.WriteString("uid", claim.Metadata.Uid);
                    writer.WriteString("resourceVersion", claim.Metadata.ResourceVersion);
                    writer.WriteEndObject();
                },
                volume.Metadata.ResourceVersion), cancellationToken);
        }
    }

    private static string MergePatch(Action<Utf8JsonWriter> annotations, Action<Utf8JsonWriter>? spec, string? resourceVersion = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            if (resourceVersion is not null)
            {
                writer.WriteString("resourceVersion", resourceVersion);
            }
            writer.WriteStartObject("annotations");
            annotations(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            if (spec is not null)
            {
                writer.WriteStartObject("spec");
                spec(writer);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
