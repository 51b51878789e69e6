using k8s.Models;

namespace Berth.Client.Storage;

/// <summary>The PersistentVolumeClaims a pod's volumes name.</summary>
public static class PodClaims
{
    /// <summary>The claims of the pod's volumes: each one's own, or POD-VOLUME for a generic ephemeral volume.</summary>
    public static IEnumerable<string> Of(V1Pod pod)
    {
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (ClaimName(pod, volume) is { } claim)
            {
                yield return claim;
            }
        }
    }

    /// <summary>The claim a volume mounts, if it mounts one.</summary>
    public static string? ClaimName(V1Pod pod, V1Volume volume) =>
        volume.PersistentVolumeClaim?.ClaimName ?? (volume.Ephemeral is not null ? $"{pod.Metadata.Name}-{volume.Name}" : null);
}
