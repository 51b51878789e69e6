using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// Quota of services (kube's serviceEvaluator): one service each; a NodePort service uses a node
/// port per port, a LoadBalancer one a load balancer and its node ports (only explicit ones when
/// allocateLoadBalancerNodePorts is false). Updates that change the type are charged too.
/// </summary>
public sealed class ServiceQuotaEvaluator() : QuotaEvaluator("", "services")
{
    public override bool HandlesUpdates => true;

    public override bool Tracks(string name) =>
        name is QuotaNames.Services or QuotaNames.NodePorts or QuotaNames.LoadBalancers || name == QuotaNames.ObjectCount("", "services");

    public override object Read(JsonObject obj) => obj.Deserialize(ModelJsonContext.Default.V1Service)!;

    public override Dictionary<string, ResourceQuantity> Usage(object item, DateTimeOffset now)
    {
        var spec = ((V1Service)item).Spec ?? new V1ServiceSpec();
        var ports = spec.Ports ?? [];
        var usage = One(QuotaNames.Services, QuotaNames.ObjectCount("", "services"));
        var nodePorts = spec.Type switch
        {
            "NodePort" => ports.Count,
            "LoadBalancer" when spec.AllocateLoadBalancerNodePorts == false => ports.Count(p => p.NodePort is > 0),
            "LoadBalancer" => ports.Count,
            _ => 0,
        };
        usage[QuotaNames.NodePorts] = new ResourceQuantity(nodePorts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        usage[QuotaNames.LoadBalancers] = new ResourceQuantity(spec.Type == "LoadBalancer" ? "1" : "0");
        return usage;
    }
}
