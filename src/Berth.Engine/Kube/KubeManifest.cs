using k8s;
using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>
/// The objects of a `kube play` file, read with KubernetesClient's models and YAML: Pods and Deployments to run,
/// the ConfigMaps, Secrets and PersistentVolumeClaims they refer to. Any other kind is refused.
/// </summary>
public sealed record KubeManifest(
    IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1Deployment> Deployments, IReadOnlyList<V1ConfigMap> ConfigMaps,
    IReadOnlyList<V1Secret> Secrets, IReadOnlyList<V1PersistentVolumeClaim> Claims)
{
    public static KubeManifest Parse(string yaml)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidArgumentException($"unable to read kube YAML: {e.Message}");
        }
        foreach (var unsupported in objects.Where(o => o is not (V1Pod or V1Deployment or V1ConfigMap or V1Secret or V1PersistentVolumeClaim)))
        {
            throw new InvalidArgumentException($"kube play does not support kind {(unsupported as IKubernetesObject)?.Kind ?? unsupported.GetType().Name}");
        }
        var manifest = new KubeManifest(
            [.. objects.OfType<V1Pod>()], [.. objects.OfType<V1Deployment>()], [.. objects.OfType<V1ConfigMap>()],
            [.. objects.OfType<V1Secret>()], [.. objects.OfType<V1PersistentVolumeClaim>()]);
        if (manifest.PodsToRun().Count == 0)
        {
            throw new InvalidArgumentException("YAML document does not contain any supported kube kind: no Pod or Deployment to play");
        }
        return manifest;
    }

    /// <summary>The engine pods the file describes: each Pod, and each Deployment's replicas as NAME-pod-0, NAME-pod-1…, as Podman names them.</summary>
    public IReadOnlyList<KubePodSpec> PodsToRun() =>
    [
        .. Pods.Select(p => new KubePodSpec(NameOf(p.Metadata, "Pod"), p.Metadata.Labels, p.Spec)),
        .. Deployments.SelectMany(d => Enumerable.Range(0, d.Spec.Replicas ?? 1).Select(i =>
            new KubePodSpec($"{NameOf(d.Metadata, "Deployment")}-pod-{i}", d.Spec.Template.Metadata?.Labels, d.Spec.Template.Spec))),
    ];

    private static string NameOf(V1ObjectMeta? metadata, string kind) =>
        metadata?.Name is { Length: > 0 } name ? name : throw new InvalidArgumentException($"a {kind} needs metadata.name");
}
