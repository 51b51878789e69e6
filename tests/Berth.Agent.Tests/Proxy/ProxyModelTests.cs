using Berth.Agent.Proxy;
using k8s.Models;

namespace Berth.Agent.Tests.Proxy;

public sealed class ProxyModelTests
{
    [Fact]
    public void Build_NamedPorts_TakeTheSlicesPortOfTheSameNameAndProtocol()
    {
        var service = Service("web", "10.43.0.10", new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP" }, new V1ServicePort { Name = "metrics", Port = 9090, Protocol = "TCP" });
        var slice = Slice("web", [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }, new Discoveryv1EndpointPort { Name = "metrics", Port = 9100, Protocol = "TCP" }],
            new V1Endpoint { Addresses = ["10.42.0.5"], NodeName = "n1" },
            new V1Endpoint { Addresses = ["10.42.0.6"], Conditions = new V1EndpointConditions { Ready = false, Serving = true, Terminating = true } });

        var ports = ProxyModel.Build([service], [slice]);

        Assert.Equal(["default/web/tcp/http", "default/web/tcp/metrics"], ports.Select(p => p.Id));
        Assert.Equal([("10.42.0.5", 8080, true, true, false, "n1"), ("10.42.0.6", 8080, false, true, true, null)],
            ports[0].Endpoints.Select(e => (e.Address, e.Port, e.Ready, e.Serving, e.Terminating, e.NodeName)));
        Assert.Equal([9100, 9100], ports[1].Endpoints.Select(e => e.Port));
    }

    [Fact]
    public void Build_LeavesOutHeadlessExternalNameAndNodeLocalServices()
    {
        var headless = Service("headless", "None", new V1ServicePort { Port = 80 });
        var external = Service("external", null, new V1ServicePort { Port = 80 });
        external.Spec.Type = "ExternalName";
        var dns = Service("kube-dns", "10.43.0.10", new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" });
        dns.Metadata.Annotations = new Dictionary<string, string> { [ProxyModel.NodeLocalAnnotation] = "true" };

        Assert.Empty(ProxyModel.Build([headless, external, dns], []));
    }

    [Fact]
    public void Build_NodePortAffinityPoliciesAndLoadBalancerAddresses()
    {
        var service = Service("lb", "10.43.0.11", new V1ServicePort { Port = 80, NodePort = 30080 });
        service.Spec.Type = "LoadBalancer";
        service.Spec.SessionAffinity = "ClientIP";
        service.Spec.ExternalTrafficPolicy = "Local";
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "192.0.2.2" }] } };

        var port = Assert.Single(ProxyModel.Build([service], []));

        Assert.Equal((30080, 10800, true, false), (port.NodePort, port.AffinityTimeoutSeconds, port.ExternalLocal, port.InternalLocal));
        Assert.Equal(["192.0.2.2"], port.LoadBalancerIps);
    }

    private static V1Service Service(string name, string? clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = clusterIp, Ports = ports },
    };

    private static V1EndpointSlice Slice(string service, IList<Discoveryv1EndpointPort> ports, params V1Endpoint[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta { Name = service + "-abcde", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Ports = ports,
        Endpoints = endpoints,
    };
}
