using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Controllers.VolumeProtection;

/// <summary>Which pods keep a PersistentVolumeClaim in use, as kube's pvc-protection-controller decides it.</summary>
public static class ClaimUsers
{
    /// <summary>
    /// Whether <paramref name="pod"/> uses the claim <paramref name="claimName"/> of its namespace: a volume names it, directly or as
    /// the generic ephemeral volume POD-VOLUME, and the pod is not finished (a Succeeded or Failed pod's containers are gone).
    /// </summary>
    public static bool Uses(V1Pod pod, string claimName) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && PodClaims.Of(pod).Contains(claimName);
}
