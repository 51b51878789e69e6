using Berth.Engine.Containers;
using Berth.Engine.Network;
using Berth.Engine.Pods;
using System.Text.Json;
using Berth.Client.Serialization;
using Berth.Yaml;
using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>
/// `kube generate`: a Pod manifest for an engine pod (its members, not the infra container) or a lone container (a
/// pod named NAME-pod), as Podman's: the commands as they run, the environment beyond the image's, published ports
/// as hostPorts, named volumes as PersistentVolumeClaims and bind mounts as hostPath volumes.
/// </summary>
public sealed class KubeGenerator(BerthEngine engine)
{
    public async Task<string> GenerateAsync(string podOrContainer, CancellationToken cancellationToken = default)
    {
        V1Pod manifest;
        if (engine.Pods.Store.TryFind(podOrContainer) is { } pod)
        {
            var members = engine.Pods.Lifecycle.ContainersOf(pod).Where(c => c.Pod is { IsInfra: false }).ToList();
            manifest = await ManifestAsync(pod.Name, pod.Hostname, pod.Labels, pod.Ports, members, pod.Name + "-", cancellationToken);
        }
        else
        {
            var container = engine.Containers.Store.Find(podOrContainer);
            if (container.Pod is not null)
            {
                throw new InvalidArgumentException($"container {container.Name} is in a pod: generate the pod instead");
            }
            manifest = await ManifestAsync($"{container.Name}-pod", null, container.Labels, container.Ports, [container], "", cancellationToken);
        }
        return YamlWriter.Write(JsonSerializer.SerializeToNode(manifest, ModelJsonContext.Default.V1Pod)!);
    }

    private async Task<V1Pod> ManifestAsync(string name, string? hostname, IReadOnlyDictionary<string, string> labels, IReadOnlyList<PortMapping> ports,
        IReadOnlyList<ContainerRecord> containers, string namePrefix, CancellationToken cancellationToken)
    {
        var volumes = new List<V1Volume>();
        var specs = new List<V1Container>();
        foreach (var container in containers)
        {
            var image = await engine.Images.ResolveAsync(container.ImageId, cancellationToken);
            specs.Add(new V1Container
            {
                Name = container.Name.StartsWith(namePrefix, StringComparison.Ordinal) && container.Name.Length > namePrefix.Length ? container.Name[namePrefix.Length..] : container.Name,
                Image = container.ImageReference,
                Command = [.. container.Command],
                Env = Nullable([.. container.Env.Except(image.Config.Env).Select(e => e.Split('=', 2)).Select(e => new V1EnvVar { Name = e[0], Value = e.Length > 1 ? e[1] : "" })]),
                WorkingDir = container.WorkingDir is "/" ? null : container.WorkingDir,
                // The pod's ports go on its first container: in a pod every container answers on them.
                Ports = Nullable<V1ContainerPort>(specs.Count == 0 ? [.. ports.Select(p => new V1ContainerPort { ContainerPort = p.ContainerPort, HostIP = p.HostIp is "" ? null : p.HostIp, HostPort = p.HostPort, Protocol = p.Protocol.ToUpperInvariant() })] : []),
                VolumeMounts = Nullable([.. container.Mounts.Select(m => new V1VolumeMount { MountPath = m.Destination, Name = VolumeOf(m, volumes), ReadOnlyProperty = m.ReadOnly ? true : null })]),
                Tty = container.Terminal ? true : null,
                Stdin = container.Interactive ? true : null,
            });
        }
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>(labels) { ["app"] = name },
            },
            Spec = new V1PodSpec
            {
                Hostname = hostname is null || hostname == name ? null : hostname,
                Containers = specs,
                Volumes = Nullable(volumes),
            },
        };
    }

    /// <summary>The name of the pod volume behind a mount, added to <paramref name="volumes"/> on first use.</summary>
    private static string VolumeOf(Runtime.BindMount mount, List<V1Volume> volumes)
    {
        var volume = mount.VolumeName is { } claim
            ? new V1Volume { Name = $"{claim}-pvc", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }
            : new V1Volume { Name = $"{mount.Source.Trim('/').Replace('/', '-').Replace('_', '-').ToLowerInvariant()}-host", HostPath = new V1HostPathVolumeSource { Path = mount.Source } };
        if (volumes.All(v => v.Name != volume.Name))
        {
            volumes.Add(volume);
        }
        return volume.Name;
    }

    private static List<T>? Nullable<T>(List<T> items) => items.Count == 0 ? null : items;
}
