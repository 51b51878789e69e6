using Berth.Agent.ClusterDns;
using Berth.Agent.Networking;
using Berth.Agent.Volumes;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A pod's sandbox: its directory under DATA/agent/pods/UID (written first, so a sandbox is never
/// lost track of) and its network namespace wired by CNI to the node's <see cref="PodNetwork"/> (once it exists), which
/// every container of the pod joins.
/// The namespace outlives the containers: their restarts keep the pod's address. Its resolv.conf, made by the pod's
/// dnsPolicy, is every container's /etc/resolv.conf.
/// </summary>
public sealed class PodSandboxes(string agentDir, IContainerNetwork network, PodNetwork podNetwork, PodDnsSettings dns)
{
    private const string InterfaceName = "eth0";

    private readonly string _pods = Path.Combine(agentDir, "pods");

    public string DirectoryOf(string podUid) => Path.Combine(_pods, podUid);

    /// <summary>The pod's network, made on first call; later calls return it as it is.</summary>
    public async Task<NetworkAttachment> EnsureAsync(string podUid, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DirectoryOf(podUid));
        return await network.ConnectAsync(podUid, await podNetwork.ConfigAsync(cancellationToken), InterfaceName, [], cancellationToken);
    }

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
