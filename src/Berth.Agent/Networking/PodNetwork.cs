using System.Net;
using Berth.Engine;
using Berth.Engine.Network;

namespace Berth.Agent.Networking;

/// <summary>
/// The node's pod network: a CNI bridge whose subnet is the node's spec.podCIDR, which the server's node-ipam-controller
/// hands out. Sandboxes wait for it; until it exists the node reports NotReady with the words kubelet uses when its
/// runtime has no CNI network yet. Outbound masquerade is <see cref="PodMasquerade"/>'s, so pods on other nodes see a
/// pod's own address.
/// </summary>
public sealed class PodNetwork(string bridgeName, string ipamDirectory)
{
    public const string NetworkName = "berth-pods";

    public const string NotReadyMessage =
        "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

    private readonly TaskCompletionSource<CniNetworkConfigList> _config = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BridgeName => bridgeName;

    /// <summary>The subnet pods get addresses from, once the node has one.</summary>
    public string? PodCidr { get; private set; }

    /// <summary>Why the node cannot run pods yet (its Ready condition's message); null once the network exists.</summary>
    public string? NotReadyReason => _config.Task.IsCompleted ? null : NotReadyMessage;

    /// <summary>Sets the subnet from the node's podCIDR; false when it was set already (kubelet, too, keeps the first).</summary>
    public bool Configure(string podCidr)
    {
        if (PodCidr is not null)
        {
            return false;
        }
        if (!IPNetwork.TryParse(podCidr, out var subnet) || subnet.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || subnet.PrefixLength > 30)
        {
            throw new BerthException($"the node's pod CIDR {podCidr} is not an IPv4 network of /30 or larger");
        }
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[3]++;
        var options = new BridgeNetworkOptions
        {
            BridgeName = bridgeName,
            NetworkName = NetworkName,
            Subnet = subnet.ToString(),
            Gateway = new IPAddress(bytes).ToString(),
            Masquerade = false,
        };
        var list = options.ToConfigList(ipamDirectory);
        PodCidr = subnet.ToString();
        _config.TrySetResult(list);
        return true;
    }

    /// <summary>The network pods attach to, once the node has its pod CIDR.</summary>
    public Task<CniNetworkConfigList> ConfigAsync(CancellationToken cancellationToken) => _config.Task.WaitAsync(cancellationToken);
}
