using Berth.Engine.Network;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// What a pod's containers share: the network namespace they join, or none for a hostNetwork pod (its
/// containers keep the host's), the address the pod answers on (the node's, for hostNetwork), and the
/// IPC and UTS namespaces they join (null: the host's, for hostIPC and hostNetwork), and the OCI runtime its
/// RuntimeClass names (null: the node's).
/// </summary>
public sealed record PodSandbox(NetworkAttachment? Network, string IPAddress, string? IpcNamespace, string? UtsNamespace, string? Runtime)
{
    /// <summary>The pod's hostname: spec.hostname, else its name (kubelet's GeneratePodHostNameAndDomain, without the subdomain).</summary>
    public static string HostnameOf(V1Pod pod) => pod.Spec.Hostname ?? pod.Metadata.Name;
}
