using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class ServiceEnvironmentTests
{
    private static readonly V1Service Master = Service("default", "kubernetes", "10.43.0.1", new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP" });

    [Fact]
    public void MasterService_GivesKubeHostPortAndLinkVariables()
    {
        var variables = ServiceEnvironment.For(enableServiceLinks: true, [], Master);

        Assert.Equal(
        [
            new("KUBERNETES_SERVICE_HOST", "10.43.0.1"),
            new("KUBERNETES_SERVICE_PORT", "443"),
            new("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
            new("KUBERNETES_PORT", "tcp://10.43.0.1:443"),
            new("KUBERNETES_PORT_443_TCP", "tcp://10.43.0.1:443"),
            new("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
            new("KUBERNETES_PORT_443_TCP_PORT", "443"),
            new("KUBERNETES_PORT_443_TCP_ADDR", "10.43.0.1"),
        ], variables);
    }

    [Fact]
    public void ServiceWithDashesAndSeveralPorts_UpperCasedWithUnderscores_FirstPortUnnamedAllowed()
    {
        var service = Service("shop", "web-front", "10.43.0.20",
            new V1ServicePort { Port = 80 }, new V1ServicePort { Name = "dns-udp", Port = 53, Protocol = "UDP" });

        var variables = ServiceEnvironment.For(enableServiceLinks: true, [service], master: null);

        Assert.Equal(
        [
            new("WEB_FRONT_SERVICE_HOST", "10.43.0.20"),
            new("WEB_FRONT_SERVICE_PORT", "80"),
            new("WEB_FRONT_SERVICE_PORT_DNS_UDP", "53"),
            new("WEB_FRONT_PORT", "tcp://10.43.0.20:80"),
            new("WEB_FRONT_PORT_80_TCP", "tcp://10.43.0.20:80"),
            new("WEB_FRONT_PORT_80_TCP_PROTO", "tcp"),
            new("WEB_FRONT_PORT_80_TCP_PORT", "80"),
            new("WEB_FRONT_PORT_80_TCP_ADDR", "10.43.0.20"),
            new("WEB_FRONT_PORT_53_UDP", "udp://10.43.0.20:53"),
            new("WEB_FRONT_PORT_53_UDP_PROTO", "udp"),
            new("WEB_FRONT_PORT_53_UDP_PORT", "53"),
            new("WEB_FRONT_PORT_53_UDP_ADDR", "10.43.0.20"),
        ], variables);
    }

    [Theory]
    [InlineData(true, "DB_SERVICE_HOST,KUBERNETES_SERVICE_HOST")]
    [InlineData(false, "KUBERNETES_SERVICE_HOST")]
    public void EnableServiceLinks_DecidesTheNamespacesServices_TheMasterServiceAlwaysCounts(bool links, string hosts)
    {
        var variables = ServiceEnvironment.For(links, [Service("shop", "db", "10.43.0.5", new V1ServicePort { Port = 5432 })], Master);

        Assert.Equal(hosts.Split(','), variables.Where(v => v.Key.EndsWith("_SERVICE_HOST", StringComparison.Ordinal)).Select(v => v.Key));
    }

    [Theory]
    [InlineData("None")]
    [InlineData("")]
    public void HeadlessOrExternalName_GivesNothing(string clusterIp)
    {
        Assert.Empty(ServiceEnvironment.For(enableServiceLinks: true, [Service("shop", "db", clusterIp, new V1ServicePort { Port = 5432 })], master: null));
    }

    [Fact]
    public void KubernetesServiceInThePodsNamespace_WinsOverTheMasterOne()
    {
        var own = Service("shop", "kubernetes", "10.43.0.99", new V1ServicePort { Port = 8443 });

        var variables = ServiceEnvironment.For(enableServiceLinks: true, [own], Master);

        Assert.Equal("10.43.0.99", variables.Single(v => v.Key == "KUBERNETES_SERVICE_HOST").Value);
        Assert.Equal("8443", variables.Single(v => v.Key == "KUBERNETES_SERVICE_PORT").Value);
    }

    [Fact]
    public void Ipv6ClusterIp_IsBracketedInTheUrls()
    {
        var variables = ServiceEnvironment.For(enableServiceLinks: true, [Service("shop", "web", "fd00::10", new V1ServicePort { Port = 80 })], master: null);

        Assert.Equal("tcp://[fd00::10]:80", variables.Single(v => v.Key == "WEB_PORT").Value);
        Assert.Equal("fd00::10", variables.Single(v => v.Key == "WEB_PORT_80_TCP_ADDR").Value);
    }

    private static V1Service Service(string ns, string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name },
        Spec = new V1ServiceSpec { ClusterIP = clusterIp, Ports = ports },
    };
}
