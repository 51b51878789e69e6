namespace Berth.Controllers.NodeIpam;

/// <summary>Where nodes' pod subnets come from (kube-controller-manager's --cluster-cidr and --node-cidr-mask-size).</summary>
public sealed record NodeIpamOptions
{
    public ClusterCidr ClusterCidr { get; init; } = ClusterCidr.Parse(ClusterCidr.Default);
}
