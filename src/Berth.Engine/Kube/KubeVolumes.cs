using System.Text;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>
/// A pod's volumes as `kube play` gives them to its containers: a ConfigMap's or Secret's keys as files written in the
/// pod's directory (mounted read-only), a PersistentVolumeClaim as the named volume of the claim's name, a hostPath as
/// it is, an emptyDir as a fresh directory of the pod's.
/// </summary>
public sealed class KubeVolumes(KubeManifest manifest, string podDirectory)
{
    private readonly Dictionary<string, BindMount> _sources = [];

    /// <summary>Writes the files of the pod's ConfigMap, Secret and emptyDir volumes; refuses a kind it does not know.</summary>
    public void Prepare(V1PodSpec spec)
    {
        foreach (var volume in spec.Volumes ?? [])
        {
            _sources[volume.Name] = volume switch
            {
                { ConfigMap: { } source } => Files(volume.Name, ConfigMapData(source.Name), source.Items),
                { Secret: { } source } => Files(volume.Name, SecretData(source.SecretName), source.Items),
                { PersistentVolumeClaim: { } claim } => new BindMount("", "", claim.ReadOnlyProperty == true) { VolumeName = claim.ClaimName },
                { HostPath: { } host } => new BindMount(host.Path, ""),
                { EmptyDir: not null } => new BindMount(Directory.CreateDirectory(Path.Combine(podDirectory, "kube", volume.Name)).FullName, ""),
                _ => throw new InvalidArgumentException($"volume {volume.Name}: kube play supports configMap, secret, persistentVolumeClaim, hostPath and emptyDir volumes"),
            };
        }
    }

    /// <summary>The container's mounts, one per volumeMount.</summary>
    public IReadOnlyList<BindMount> MountsOf(V1Container container) =>
    [
        .. (container.VolumeMounts ?? []).Select(m => _sources.TryGetValue(m.Name, out var source)
            ? source with { Destination = m.MountPath, ReadOnly = source.ReadOnly || m.ReadOnlyProperty == true }
            : throw new InvalidArgumentException($"container {container.Name}: volumeMount {m.Name} names no volume of the pod")),
    ];

    /// <summary>The container's environment: envFrom's ConfigMaps and Secrets first, then env, whose entries win.</summary>
    public IReadOnlyList<string> EnvOf(V1Container container)
    {
        var env = new List<string>();
        foreach (var from in container.EnvFrom ?? [])
        {
            var data = from.ConfigMapRef is { } map ? ConfigMapData(map.Name)
                : from.SecretRef is { } secret ? SecretData(secret.Name)
                : [];
            env.AddRange(data.Select(d => $"{from.Prefix}{d.Key}={Encoding.UTF8.GetString(d.Value)}"));
        }
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom switch
            {
                null => variable.Value ?? "",
                { ConfigMapKeyRef: { } key } => Value(ConfigMapData(key.Name), key.Key, key.Name),
                { SecretKeyRef: { } key } => Value(SecretData(key.Name), key.Key, key.Name),
                _ => throw new InvalidArgumentException($"env {variable.Name}: kube play supports configMapKeyRef and secretKeyRef only"),
            };
            env.Add($"{variable.Name}={value}");
        }
        return env;
    }

    private List<KeyValuePair<string, byte[]>> ConfigMapData(string name)
    {
        var map = manifest.ConfigMaps.FirstOrDefault(m => m.Metadata?.Name == name) ?? throw new InvalidArgumentException($"ConfigMap {name} is not in the YAML file");
        return [.. (map.Data ?? new Dictionary<string, string>()).Select(d => KeyValuePair.Create(d.Key, Encoding.UTF8.GetBytes(d.Value))), .. map.BinaryData ?? new Dictionary<string, byte[]>()];
    }

    private List<KeyValuePair<string, byte[]>> SecretData(string name)
    {
        var secret = manifest.Secrets.FirstOrDefault(s => s.Metadata?.Name == name) ?? throw new InvalidArgumentException($"Secret {name} is not in the YAML file");
        return [.. (secret.Data ?? new Dictionary<string, byte[]>()), .. (secret.StringData ?? new Dictionary<string, string>()).Select(d => KeyValuePair.Create(d.Key, Encoding.UTF8.GetBytes(d.Value)))];
    }

    private static string Value(IEnumerable<KeyValuePair<string, byte[]>> data, string key, string source) =>
        data.FirstOrDefault(d => d.Key == key) is { Value: not null } found
            ? Encoding.UTF8.GetString(found.Value)
            : throw new InvalidArgumentException($"key {key} is not in {source}");

    /// <summary>The keys as files in a directory of the pod's (all of them, or the items' paths), mounted read-only.</summary>
    private BindMount Files(string volume, IEnumerable<KeyValuePair<string, byte[]>> data, IList<V1KeyToPath>? items)
    {
        var directory = Directory.CreateDirectory(Path.Combine(podDirectory, "kube", volume)).FullName;
        var entries = data.ToDictionary(d => d.Key, d => d.Value);
        foreach (var (key, path) in items?.Select(i => (i.Key, i.Path)) ?? entries.Keys.Select(k => (k, k)))
        {
            var file = Path.GetFullPath(Path.Combine(directory, path));
            if (!file.StartsWith(directory + "/", StringComparison.Ordinal) || !entries.TryGetValue(key, out var bytes))
            {
                throw new InvalidArgumentException($"volume {volume}: item {key} -> {path} is not a key of the source or leaves the volume");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }
        return new BindMount(directory, "", ReadOnly: true);
    }
}
