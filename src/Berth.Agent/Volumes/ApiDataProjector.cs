using System.Text;
using Berth.Agent.Pods;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Agent.Volumes;

/// <summary>
/// The files of the API data sources (configMap, secret, downwardAPI), whether a volume of their own
/// or one source of a projected volume: every key, or the items named with their paths and modes.
/// A missing object or key fails the setup in kube's words unless the source is optional.
/// </summary>
public sealed class ApiDataProjector(
    ResourceClient<V1ConfigMap, V1ConfigMapList> configMaps, ResourceClient<V1Secret, V1SecretList> secrets, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
{
    /// <summary>kube's default file mode for API data volumes: 0644.</summary>
    public const int DefaultMode = 0x1A4;

    public async Task<Dictionary<string, FileProjection>> ConfigMapAsync(
        string @namespace, string name, IList<V1KeyToPath>? items, bool optional, int mode, CancellationToken cancellationToken)
    {
        var configMap = await configMaps.TryGetAsync(@namespace, name, cancellationToken);
        if (configMap is null)
        {
            return optional ? [] : throw new VolumeSetUpException($"configmap \"{name}\" not found");
        }
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value);
        }
        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }
        return Keys("configmap references non-existent config key", data, items, optional, mode);
    }

    public async Task<Dictionary<string, FileProjection>> SecretAsync(
        string @namespace, string name, IList<V1KeyToPath>? items, bool optional, int mode, CancellationToken cancellationToken)
    {
        var secret = await secrets.TryGetAsync(@namespace, name, cancellationToken);
        if (secret is null)
        {
            return optional ? [] : throw new VolumeSetUpException($"secret \"{name}\" not found");
        }
        return Keys("references non-existent secret key", secret.Data ?? new Dictionary<string, byte[]>(), items, optional, mode);
    }

    /// <summary>A downwardAPI source's files with this node's allocatable for the limits a container does not set.</summary>
    public Dictionary<string, FileProjection> DownwardApi(V1Pod pod, IList<V1DownwardAPIVolumeFile>? items, int mode) => DownwardApi(pod, items, mode, allocatable);

    /// <summary>
    /// A downwardAPI source's files: the pod's metadata fields (labels and annotations as kube formats a map) and its
    /// containers' resources (<see cref="ResourceFieldRefs"/>, a limit not set being the node's <paramref name="allocatable"/>).
    /// </summary>
    public static Dictionary<string, FileProjection> DownwardApi(V1Pod pod, IList<V1DownwardAPIVolumeFile>? items, int mode, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var value = item.FieldRef?.FieldPath switch
            {
                null => ResourceValue(pod, item, allocatable),
                "metadata.labels" => FormatMap(pod.Metadata.Labels),
                "metadata.annotations" => FormatMap(pod.Metadata.Annotations),
                var path => PodFieldRefs.Resolve(pod, path, null, "")
                    ?? throw new VolumeSetUpException($"downwardAPI item \"{item.Path}\": unsupported fieldPath: {path}"),
            };
            files[item.Path] = new FileProjection(Encoding.UTF8.GetBytes(value), item.Mode ?? mode);
        }
        return files;
    }

    private static string ResourceValue(V1Pod pod, V1DownwardAPIVolumeFile item, IReadOnlyDictionary<string, ResourceQuantity> allocatable)
    {
        // Validation requires a volume's resourceFieldRef to name its container.
        var reference = item.ResourceFieldRef ?? throw new VolumeSetUpException($"downwardAPI item \"{item.Path}\" has neither fieldRef nor resourceFieldRef");
        var container = PodContainerKinds.SpecOf(pod, reference.ContainerName ?? "")
            ?? throw new VolumeSetUpException($"downwardAPI item \"{item.Path}\": the pod has no container {reference.ContainerName}");
        try
        {
            return ResourceFieldRefs.Resolve(container, reference.Resource, reference.Divisor, allocatable);
        }
        catch (PodStartException e)
        {
            throw new VolumeSetUpException($"downwardAPI item \"{item.Path}\": {e.Message}");
        }
    }

    private static Dictionary<string, FileProjection> Keys(string missingKey, IDictionary<string, byte[]> data, IList<V1KeyToPath>? items, bool optional, int mode)
    {
        if (items is not { Count: > 0 })
        {
            return data.ToDictionary(d => d.Key, d => new FileProjection(d.Value, mode), StringComparer.Ordinal);
        }
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (data.TryGetValue(item.Key, out var value))
            {
                files[item.Path] = new FileProjection(value, item.Mode ?? mode);
            }
            else if (!optional)
            {
                throw new VolumeSetUpException($"{missingKey}: {item.Key}");
            }
        }
        return files;
    }

    /// <summary>kube's fieldpath.FormatMap: sorted key="value" lines, values quoted as Go's %q.</summary>
    private static string FormatMap(IDictionary<string, string>? map)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in (map ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(GoText.Quote(value)).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }
}
