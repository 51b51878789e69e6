using Berth.Engine.Containers;
using Berth.Engine.Linux;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.Engine.Pods;

/// <summary>
/// Creates pods and puts containers in them. A pod is its record, IPC and UTS namespaces bound in its directory, and
/// an infra container running <see cref="PauseProgram"/> that joins them and owns the pod's network namespace, where
/// the pod's ports are published. A member joins all three, so the pod's containers share localhost, System V IPC and
/// the host name, as in a Podman or Kubernetes pod.
/// </summary>
public sealed class PodCreator(PodStore store, ContainerEngine containers, PauseImage pauseImage, CniContainerNetwork? network)
{
    public async Task<PodRecord> CreateAsync(PodCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (network is null)
        {
            throw new BerthException("pods need bridge networking, which is not available in this build");
        }
        var image = request.InfraImage ?? await pauseImage.EnsureAsync(cancellationToken);
        PodRecord pod;
        using (store.Lock())
        {
            pod = store.Allocate(request.Name, (id, name) => new PodRecord
            {
                Id = id,
                Name = name,
                Created = DateTimeOffset.UtcNow,
                Hostname = request.Hostname ?? name,
                Labels = request.Labels,
                Ports = request.Ports,
                Networks = request.Networks,
                InfraCommand = request.InfraCommand,
            });
        }
        try
        {
            await PersistentNamespace.Ipc.CreateAsync(IpcPathOf(pod));
            await PersistentNamespace.Uts.CreateAsync(UtsPathOf(pod), () => Namespaces.SetHostname(pod.Hostname));
            var infra = await containers.Creator.CreateAsync(new ContainerCreateRequest
            {
                Image = image,
                Entrypoint = request.InfraCommand,
                Command = request.InfraImage is null && request.InfraCommand is null ? [PauseImage.Command] : [],
                Name = request.InfraName ?? $"{pod.ShortId}-infra",
                Hostname = pod.Hostname,
                Ports = pod.Ports,
                Network = NetworkMode.Bridge,
                Networks = [.. pod.Networks.Select(n => new NetworkEndpoint { Network = n })],
                IpcNamespacePath = IpcPathOf(pod),
                UtsNamespacePath = UtsPathOf(pod),
                Pod = new PodMembership(pod.Id, InfraId: null),
            }, cancellationToken);
            pod = pod with { InfraId = infra.Id };
            store.Save(pod);
            containers.Events.Pod("create", pod.Id, pod.Name);
            return pod;
        }
        catch
        {
            RemoveNamespaces(pod);
            store.Delete(pod.Id);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="request"/> as a member of <paramref name="pod"/>: in the infra container's network namespace (the
    /// infra is brought back to Created if it has exited, so the namespace exists) and the pod's IPC and UTS namespaces.
    /// Ports and networks belong to the pod, so a member asking for them is refused as Podman refuses it.
    /// </summary>
    public async Task<ContainerCreateRequest> JoinAsync(PodRecord pod, ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Ports.Count > 0)
        {
            throw new InvalidArgumentException("invalid config provided: published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod");
        }
        if (request.Networks.Count > 0 || request.Network != NetworkMode.Bridge)
        {
            throw new InvalidArgumentException("invalid config provided: networks must be defined when the pod is created: network cannot be configured when it is shared with a pod");
        }
        var infra = containers.Store.Load(pod.InfraId ?? "") ?? throw new NotFoundException($"pod {pod.Id} has no infra container: remove the pod");
        infra = await containers.Lifecycle.PrepareStartAsync(infra, cancellationToken);
        return request with
        {
            Network = NetworkMode.Pod,
            PodNetwork = new NetworkAttachment(network!.NamespacePathOf(infra.Id), infra.IPAddress ?? "", 0, "", ""),
            IpcNamespacePath = IpcPathOf(pod),
            UtsNamespacePath = UtsPathOf(pod),
            Hostname = pod.Hostname,
            Pod = new PodMembership(pod.Id, infra.Id),
        };
    }

    /// <summary>Unmounts and deletes the pod's namespace files; safe to repeat.</summary>
    public void RemoveNamespaces(PodRecord pod)
    {
        PersistentNamespace.Remove(IpcPathOf(pod));
        PersistentNamespace.Remove(UtsPathOf(pod));
    }

    private string IpcPathOf(PodRecord pod) => Path.Combine(store.DirectoryOf(pod.Id), "ipc");

    private string UtsPathOf(PodRecord pod) => Path.Combine(store.DirectoryOf(pod.Id), "uts");
}
