namespace Berth.Agent.Proxy;

/// <summary>
/// One port of a proxied Service (kube-proxy's ServicePortName plus its ServicePort info): the cluster IP
/// and port, its node port and load-balancer addresses, session affinity, traffic policies and endpoints.
/// </summary>
/// <param name="Protocol">nft's name: tcp, udp or sctp.</param>
/// <param name="NodePort">0 when the Service has none.</param>
/// <param name="AffinityTimeoutSeconds">sessionAffinity ClientIP's timeout; 0 when there is no affinity.</param>
public sealed record ProxyServicePort(
    string Namespace,
    string Service,
    string PortName,
    string Protocol,
    string ClusterIp,
    int Port,
    int NodePort,
    IReadOnlyList<string> LoadBalancerIps,
    int AffinityTimeoutSeconds,
    bool ExternalLocal,
    bool InternalLocal,
    IReadOnlyList<ProxyEndpoint> Endpoints)
{
    /// <summary>namespace/service/protocol/port-name, as kube-proxy names its chains.</summary>
    public string Id => $"{Namespace}/{Service}/{Protocol}/{PortName}";
}
