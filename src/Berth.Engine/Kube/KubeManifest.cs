using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Berth.Client.Serialization;
using Berth.Yaml;
using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>
/// The objects of a `kube play` file: Pods and Deployments to run, the ConfigMaps, Secrets and PersistentVolumeClaims
/// they refer to. Each YAML document is read as JSON into the client's source-generated models; any other kind is refused.
/// </summary>
public sealed record KubeManifest(
    IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1Deployment> Deployments, IReadOnlyList<V1ConfigMap> ConfigMaps,
    IReadOnlyList<V1Secret> Secrets, IReadOnlyList<V1PersistentVolumeClaim> Claims)
{
    private const int MaxDepth = 64;

    public static KubeManifest Parse(string yaml)
    {
        IReadOnlyList<JsonNode> documents;
        try
        {
            documents = YamlJson.Documents(yaml, MaxDepth);
        }
        catch (YamlJsonException e)
        {
            throw new InvalidArgumentException($"unable to read kube YAML: {e.Message}");
        }
        var pods = new List<V1Pod>();
        var deployments = new List<V1Deployment>();
        var configMaps = new List<V1ConfigMap>();
        var secrets = new List<V1Secret>();
        var claims = new List<V1PersistentVolumeClaim>();
        foreach (var document in documents)
        {
            var kind = (document as JsonObject)?["kind"] is JsonValue value && value.GetValueKind() is JsonValueKind.String ? value.GetValue<string>() : null;
            switch (kind)
            {
                case "Pod": pods.Add(Read(document, kind, ModelJsonContext.Default.V1Pod)); break;
                case "Deployment": deployments.Add(Read(document, kind, ModelJsonContext.Default.V1Deployment)); break;
                case "ConfigMap": configMaps.Add(Read(document, kind, ModelJsonContext.Default.V1ConfigMap)); break;
                case "Secret": secrets.Add(Read(document, kind, ModelJsonContext.Default.V1Secret)); break;
                case "PersistentVolumeClaim": claims.Add(Read(document, kind, ModelJsonContext.Default.V1PersistentVolumeClaim)); break;
                case null: throw new InvalidArgumentException("unable to read kube YAML: a document has no kind");
                default: throw new InvalidArgumentException($"kube play does not support kind {kind}");
            }
        }
        var manifest = new KubeManifest(pods, deployments, configMaps, secrets, claims);
        if (manifest.PodsToRun().Count == 0)
        {
            throw new InvalidArgumentException("YAML document does not contain any supported kube kind: no Pod or Deployment to play");
        }
        return manifest;
    }

    /// <summary>The engine pods the file describes: each Pod, and each Deployment's replicas as NAME-pod-0, NAME-pod-1…, as Podman names them.</summary>
    public IReadOnlyList<KubePodSpec> PodsToRun() =>
    [
        .. Pods.Select(p => new KubePodSpec(NameOf(p.Metadata, "Pod"), p.Metadata.Labels, SpecOf(p.Spec, "Pod", p.Metadata.Name))),
        .. Deployments.SelectMany(d => Enumerable.Range(0, d.Spec?.Replicas ?? 1).Select(i =>
            new KubePodSpec($"{NameOf(d.Metadata, "Deployment")}-pod-{i}", d.Spec?.Template?.Metadata?.Labels, SpecOf(d.Spec?.Template?.Spec, "Deployment", d.Metadata.Name)))),
    ];

    private static T Read<T>(JsonNode document, string kind, JsonTypeInfo<T> type)
    {
        try
        {
            return document.Deserialize(type) ?? throw new InvalidArgumentException($"unable to read kube YAML: an empty {kind}");
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"unable to read kube YAML: {kind}: {e.Message}");
        }
    }

    private static string NameOf(V1ObjectMeta? metadata, string kind) =>
        metadata?.Name is { Length: > 0 } name ? name : throw new InvalidArgumentException($"a {kind} needs metadata.name");

    private static V1PodSpec SpecOf(V1PodSpec? spec, string kind, string name) =>
        spec is { Containers.Count: > 0 } ? spec : throw new InvalidArgumentException($"{kind} {name}: the pod spec needs at least one container");
}
