using Berth.Engine.Network;

namespace Berth.Agent.Pods;

/// <summary>
/// What a pod's containers share: the network namespace they join, or none for a hostNetwork pod
/// (its containers keep the host's), and the address the pod answers on (the node's, for hostNetwork).
/// </summary>
public sealed record PodSandbox(NetworkAttachment? Network, string IPAddress);
