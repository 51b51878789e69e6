using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Berth.ApiServer.Security;

namespace Berth.ApiServer.Tests.Security;

public sealed class ServingNamesTests
{
    [Fact]
    public void For_OneBindAddress_CoversItLoopbackTheAdvertisedAddressTheServiceNamesAndIpAndTheSans()
    {
        var names = ServingNames.For(IPAddress.Parse("10.0.0.5"), "10.0.0.9", IPAddress.Parse("10.43.0.1"), "node-a", ["berth.example", " 10.99.0.1 ", "", "KUBERNETES"]);

        Assert.Equal(["127.0.0.1", "::1", "10.0.0.5", "10.0.0.9", "10.43.0.1", "10.99.0.1"], names.Addresses.Select(a => a.ToString()));
        Assert.Equal(["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "node-a", "berth.example"], names.DnsNames);
    }

    [Fact]
    public void For_AllAddresses_CoversEveryAddressOfThisHostsInterfaces()
    {
        var before = HostIPv4Addresses();
        var names = ServingNames.For(IPAddress.Any, null, IPAddress.Parse("10.43.0.1"), "node-a", []);
        var after = HostIPv4Addresses();

        // Bridges and veths that tests running alongside make or remove can come or go between the reads: every address
        // there before and after must be covered.
        Assert.Subset(names.Addresses.ToHashSet(), before.Intersect(after).ToHashSet());
        Assert.Contains(IPAddress.Loopback, names.Addresses);
        Assert.DoesNotContain(IPAddress.Any, names.Addresses);
    }

    private static List<IPAddress> HostIPv4Addresses() =>
    [
        .. NetworkInterface.GetAllNetworkInterfaces().Where(i => i.OperationalStatus != OperationalStatus.Down)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).Where(a => a.AddressFamily == AddressFamily.InterNetwork),
    ];
}
