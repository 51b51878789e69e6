using Berth.Agent.ClusterDns;
using Berth.Agent.Networking;
using Berth.Agent.Volumes;
using Berth.Client.Rest;
using Berth.Engine;
using Berth.Engine.Linux;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A pod's sandbox: its directory under DATA/agent/pods/UID (written first, so a sandbox is never
/// lost track of) and its network namespace wired by CNI to the node's <see cref="PodNetwork"/> (once it exists), which
/// every container of the pod joins, with the pod's hostPorts published through portmap; IPC and UTS namespaces
/// bound in the directory, which its containers share as a pause container's would be shared. A hostNetwork pod keeps
/// the host's network and UTS, a hostIPC pod the host's IPC.
/// The namespace outlives the containers: their restarts keep the pod's address. Its resolv.conf, made by the pod's
/// dnsPolicy, is every container's /etc/resolv.conf.
/// </summary>
public sealed class PodSandboxes(string agentDir, IContainerNetwork network, PodNetwork podNetwork, PodDnsSettings dns,
    ResourceClient<V1RuntimeClass, V1RuntimeClassList> runtimeClasses)
{
    /// <summary>The runtime handlers a RuntimeClass may name: the OCI runtimes Berth's engine drives.</summary>
    public static readonly IReadOnlyList<string> RuntimeHandlers = ["runc", "crun"];

    private const string InterfaceName = "eth0";

    private readonly string _pods = Path.Combine(agentDir, "pods");

    public string DirectoryOf(string podUid) => Path.Combine(_pods, podUid);

    /// <summary>The pod's sandbox, made on first call; later calls return it as it is. A hostNetwork pod answers on <paramref name="hostIp"/>.</summary>
    public async Task<PodSandbox> EnsureAsync(V1Pod pod, string hostIp, CancellationToken cancellationToken)
    {
        var runtime = await RuntimeOfAsync(pod, cancellationToken);
        var directory = DirectoryOf(pod.Metadata.Uid);
        Directory.CreateDirectory(directory);
        var ipc = pod.Spec.HostIPC == true ? null : await EnsureNamespaceAsync(Path.Combine(directory, "ipc"), PersistentNamespace.Ipc);
        if (pod.Spec.HostNetwork == true)
        {
            return new PodSandbox(null, hostIp, ipc, null, runtime);
        }
        var hostname = PodSandbox.HostnameOf(pod);
        var uts = await EnsureNamespaceAsync(Path.Combine(directory, "uts"), PersistentNamespace.Uts, () => Namespaces.SetHostname(hostname));
        var attachment = await network.ConnectAsync(pod.Metadata.Uid, await podNetwork.ConfigAsync(cancellationToken), InterfaceName, HostPorts(pod), cancellationToken);
        return new PodSandbox(attachment, attachment.IPAddress, ipc, uts, runtime);
    }

    /// <summary>The handler of the pod's RuntimeClass, which must be one this node has (kubelet's runtime handler); null without a class.</summary>
    private async Task<string?> RuntimeOfAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (pod.Spec.RuntimeClassName is not { Length: > 0 } name)
        {
            return null;
        }
        var runtimeClass = await runtimeClasses.TryGetAsync(null, name, cancellationToken)
            ?? throw new BerthException($"RuntimeClass \"{name}\" not found");
        return RuntimeHandlers.Contains(runtimeClass.Handler)
            ? runtimeClass.Handler
            : throw new BerthException($"failed to get sandbox runtime: no runtime for \"{runtimeClass.Handler}\" is configured");
    }

    /// <summary>The namespace bound at <paramref name="path"/>, made unless it is there (a placeholder an interrupted agent left is replaced).</summary>
    private static async Task<string> EnsureNamespaceAsync(string path, PersistentNamespace kind, Action? inside = null)
    {
        if (!PersistentNamespace.IsBound(path))
        {
            File.Delete(path);
            await kind.CreateAsync(path, inside);
        }
        return path;
    }

    /// <summary>The containers' ports that name a hostPort: published on the node, as kubelet's portmap does.</summary>
    private static List<PortMapping> HostPorts(V1Pod pod) =>
        [.. pod.Spec.Containers.SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => new PortMapping(p.HostIP ?? "", p.HostPort!.Value, p.ContainerPort, (p.Protocol ?? "TCP").ToLowerInvariant()))];

    /// <summary>Writes the pod's resolv.conf (again: the host's may have changed) and returns the mount that places it in a container.</summary>
    public BindMount ResolvConf(V1Pod pod)
    {
        var path = Path.Combine(DirectoryOf(pod.Metadata.Uid), "resolv.conf");
        Directory.CreateDirectory(DirectoryOf(pod.Metadata.Uid));
        // Written aside and renamed, so a container starting meanwhile never reads half a file.
        File.WriteAllText(path + ".new", dns.For(pod).ToString());
        File.Move(path + ".new", path, overwrite: true);
        return new BindMount(path, "/etc/resolv.conf", ReadOnly: false);
    }

    /// <summary>Removes the pod's network (its address goes back to IPAM) and directory; safe to repeat.</summary>
    public async Task RemoveAsync(string podUid, CancellationToken cancellationToken)
    {
        await network.DetachAsync(podUid, cancellationToken);
        // Volumes mounted under it (tmpfs) are detached first: the delete must not reach through a mount.
        MountTable.UnmountUnder(DirectoryOf(podUid));
        if (Directory.Exists(DirectoryOf(podUid)))
        {
            Directory.Delete(DirectoryOf(podUid), recursive: true);
        }
    }

    /// <summary>The pods that have a sandbox on this node.</summary>
    public IReadOnlyList<string> List() =>
        Directory.Exists(_pods) ? [.. Directory.EnumerateDirectories(_pods).Select(d => Path.GetFileName(d)!)] : [];
}
