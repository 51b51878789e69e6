using Berth.Agent.ClusterDns;
using Berth.Engine.Networks.Dns;
using k8s.Models;

namespace Berth.Agent.Tests.ClusterDns;

public class PodResolvConfTests
{
    private static readonly ResolvConf Host = ResolvConf.Parse("nameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch corp.example lab.example\noptions edns0 timeout:2\n");

    [Theory]
    [InlineData(null, false, "nameserver 10.43.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\noptions ndots:5\n")]
    [InlineData("ClusterFirst", false, "nameserver 10.43.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\noptions ndots:5\n")]
    [InlineData("ClusterFirst", true, "nameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch corp.example lab.example\noptions edns0 timeout:2\n")]
    [InlineData("ClusterFirstWithHostNet", true, "nameserver 10.43.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\noptions ndots:5\n")]
    [InlineData("ClusterFirstWithHostNet", false, "nameserver 10.43.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\noptions ndots:5\n")]
    [InlineData("Default", false, "nameserver 192.0.2.53\nsearch corp.example lab.example\noptions edns0 timeout:2\n")]
    [InlineData("None", false, "")]
    public void For_EachPolicy_IsWhatKubeletWrites(string? policy, bool hostNetwork, string expected)
    {
        var pod = Pod(policy, hostNetwork);

        Assert.Equal(expected, PodResolvConf.For(pod, ["10.43.0.10"], "cluster.local", Host).ToString());
    }

    [Fact]
    public void For_NoClusterDns_ClusterFirstFallsBackToTheHost()
    {
        Assert.Equal("nameserver 192.0.2.53\nsearch corp.example lab.example\noptions edns0 timeout:2\n", PodResolvConf.For(Pod(null, false), [], "cluster.local", Host).ToString());
    }

    [Fact]
    public void For_NoneWithDnsConfig_IsTheDnsConfig()
    {
        var pod = Pod("None", false);
        pod.Spec.DnsConfig = new V1PodDNSConfig
        {
            Nameservers = ["192.0.2.1", "192.0.2.1"],
            Searches = ["my.dns.search.suffix"],
            Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }, new V1PodDNSConfigOption { Name = "edns0" }],
        };

        Assert.Equal("nameserver 192.0.2.1\nsearch my.dns.search.suffix\noptions ndots:2 edns0\n", PodResolvConf.For(pod, ["10.43.0.10"], "cluster.local", Host).ToString());
    }

    [Fact]
    public void For_ClusterFirstWithDnsConfig_AppendsAndTheOptionsOfThePodWin()
    {
        var pod = Pod(null, false);
        pod.Spec.DnsConfig = new V1PodDNSConfig
        {
            Nameservers = ["192.0.2.1", "192.0.2.2", "192.0.2.3"],
            Searches = ["cluster.local", "extra.example"],
            Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "1" }, new V1PodDNSConfigOption { Name = "single-request-reopen" }],
        };

        var conf = PodResolvConf.For(pod, ["10.43.0.10"], "cluster.local", Host);

        Assert.Equal(["10.43.0.10", "192.0.2.1", "192.0.2.2"], conf.Nameservers);
        Assert.Equal(["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example", "extra.example"], conf.Searches);
        Assert.Equal(["ndots:1", "single-request-reopen"], conf.Options);
    }

    private static V1Pod Pod(string? policy, bool hostNetwork) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "shop" },
        Spec = new V1PodSpec { DnsPolicy = policy, HostNetwork = hostNetwork, Containers = [new V1Container { Name = "c" }] },
    };
}
