using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Authorization.Nodes;

/// <summary>
/// The objects of its namespace a pod needs to run (the edges kube's node graph draws from a pod,
/// after podutil.VisitPodSecretNames and VisitPodConfigmapNames): Secrets and ConfigMaps of volumes,
/// projected sources, env and envFrom and image pull secrets; claims of persistentVolumeClaim and
/// ephemeral volumes; its ServiceAccount.
/// </summary>
public sealed record PodReferences(HashSet<string> Secrets, HashSet<string> ConfigMaps, HashSet<string> Claims, string ServiceAccount)
{
    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>Volume sources whose secretRef names a Secret of the pod's namespace (cephfs, cinder, flexVolume, rbd, scaleIO, storageos, iscsi).</summary>
    private static readonly string[] SecretRefSources = ["cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "storageos", "iscsi"];

    public static PodReferences Of(JsonObject pod)
    {
        var spec = pod["spec"];
        var references = new PodReferences([], [], [], spec.Str("serviceAccountName") is { Length: > 0 } account ? account : "default");
        foreach (var secret in spec.At("imagePullSecrets") as JsonArray ?? [])
        {
            Add(references.Secrets, secret.Str("name"));
        }
        foreach (var list in ContainerLists)
        {
            foreach (var container in spec.At(list) as JsonArray ?? [])
            {
                references.AddContainer(container);
            }
        }
        var podName = pod.Str("metadata", "name") ?? "";
        foreach (var volume in spec.At("volumes") as JsonArray ?? [])
        {
            references.AddVolume(podName, volume);
        }
        return references;
    }

    private void AddContainer(JsonNode? container)
    {
        foreach (var from in container.At("envFrom") as JsonArray ?? [])
        {
            Add(Secrets, from.Str("secretRef", "name"));
            Add(ConfigMaps, from.Str("configMapRef", "name"));
        }
        foreach (var env in container.At("env") as JsonArray ?? [])
        {
            Add(Secrets, env.Str("valueFrom", "secretKeyRef", "name"));
            Add(ConfigMaps, env.Str("valueFrom", "configMapKeyRef", "name"));
        }
    }

    private void AddVolume(string podName, JsonNode? volume)
    {
        Add(Secrets, volume.Str("secret", "secretName"));
        Add(Secrets, volume.Str("azureFile", "secretName"));
        Add(Secrets, volume.Str("csi", "nodePublishSecretRef", "name"));
        foreach (var source in SecretRefSources)
        {
            Add(Secrets, volume.Str(source, "secretRef", "name"));
        }
        Add(ConfigMaps, volume.Str("configMap", "name"));
        foreach (var projection in volume.At("projected", "sources") as JsonArray ?? [])
        {
            Add(Secrets, projection.Str("secret", "name"));
            Add(ConfigMaps, projection.Str("configMap", "name"));
        }
        Add(Claims, volume.Str("persistentVolumeClaim", "claimName"));
        // A generic ephemeral volume's claim is named POD-VOLUME (kube's ephemeral.VolumeClaimName).
        if (volume.At("ephemeral") is not null && volume.Str("name") is { } volumeName)
        {
            Claims.Add($"{podName}-{volumeName}");
        }
    }

    private static void Add(HashSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}
