using Berth.Engine.Containers;
using Berth.Engine.Network;
using Berth.Engine.Pods;
using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>
/// `kube play` and `kube down`: each Pod (and Deployment replica) of a manifest becomes an engine pod whose containers
/// share its localhost, named POD-CONTAINER as Podman names them, with hostPorts published on the pod and
/// PersistentVolumeClaims as named volumes. A pod that fails half-way is removed again.
/// </summary>
public sealed class KubePlayer(BerthEngine engine)
{
    public async Task<IReadOnlyList<KubePlayResult>> PlayAsync(KubeManifest manifest, CancellationToken cancellationToken = default)
    {
        var pods = manifest.PodsToRun();
        if (pods.FirstOrDefault(p => engine.Pods.Store.TryFind(p.Name) is not null) is { } taken)
        {
            throw new ConflictException($"adding pod to state: name \"{taken.Name}\" is in use: pod already exists");
        }
        foreach (var claim in manifest.Claims)
        {
            engine.Volumes.Ensure(claim.Metadata?.Name ?? throw new InvalidArgumentException("a PersistentVolumeClaim needs metadata.name"), claim.Metadata.Labels?.AsReadOnly());
        }
        var results = new List<KubePlayResult>();
        foreach (var spec in pods)
        {
            results.Add(await PlayPodAsync(manifest, spec, cancellationToken));
        }
        return results;
    }

    /// <summary>Removes the manifest's pods that exist, with their containers; returns their ids. Volumes stay, as Podman keeps them.</summary>
    public async Task<IReadOnlyList<string>> DownAsync(KubeManifest manifest, CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var pod in manifest.PodsToRun().Select(p => engine.Pods.Store.TryFind(p.Name)).OfType<PodRecord>())
        {
            await engine.Pods.Lifecycle.RemoveAsync(pod, force: true, cancellationToken);
            removed.Add(pod.Id);
        }
        return removed;
    }

    private async Task<KubePlayResult> PlayPodAsync(KubeManifest manifest, KubePodSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Spec.InitContainers is { Count: > 0 })
        {
            throw new InvalidArgumentException($"pod {spec.Name}: kube play does not run initContainers");
        }
        var pod = await engine.Pods.Creator.CreateAsync(new PodCreateRequest
        {
            Name = spec.Name,
            Hostname = spec.Spec.Hostname,
            Labels = spec.Labels?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly(),
            Ports = [.. spec.Spec.Containers.SelectMany(c => c.Ports ?? []).Where(p => p.HostPort is > 0)
                .Select(p => new PortMapping(p.HostIP ?? "", p.HostPort!.Value, p.ContainerPort, (p.Protocol ?? "TCP").ToLowerInvariant()))],
        }, cancellationToken);
        try
        {
            var volumes = new KubeVolumes(manifest, engine.Pods.Store.DirectoryOf(pod.Id));
            volumes.Prepare(spec.Spec);
            var containers = new List<string>();
            foreach (var container in spec.Spec.Containers)
            {
                var request = await engine.Pods.Creator.JoinAsync(pod, ToRequest(spec.Name, container, volumes), cancellationToken);
                containers.Add((await engine.Containers.Creator.CreateAsync(request, cancellationToken)).Id);
            }
            await engine.Pods.Lifecycle.StartAsync(pod, cancellationToken);
            return new KubePlayResult(pod, containers);
        }
        catch
        {
            await engine.Pods.Lifecycle.RemoveAsync(pod, force: true, CancellationToken.None);
            throw;
        }
    }

    /// <summary>A container of the pod: command replaces the ENTRYPOINT and args the CMD, as in Kubernetes.</summary>
    private static ContainerCreateRequest ToRequest(string podName, V1Container container, KubeVolumes volumes) => new()
    {
        Image = container.Image ?? throw new InvalidArgumentException($"container {container.Name}: image is required"),
        Name = $"{podName}-{container.Name}",
        Entrypoint = container.Command is { Count: > 0 } command ? [.. command] : null,
        Command = [.. container.Args ?? []],
        Env = volumes.EnvOf(container),
        WorkingDir = container.WorkingDir,
        Mounts = volumes.MountsOf(container),
        Terminal = container.Tty == true,
        Interactive = container.Stdin == true,
    };
}
