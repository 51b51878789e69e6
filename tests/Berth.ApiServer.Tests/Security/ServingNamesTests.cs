using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Berth.ApiServer.Security;

namespace Berth.ApiServer.Tests.Security;

public sealed class ServingNamesTests
{
    [Fact]
    public void For_OneBindAddress_CoversItLoopbackTheAdvertisedAddressTheServiceNamesAndTheSans()
    {
        var names = ServingNames.For(IPAddress.Parse("10.0.0.5"), "10.0.0.9", "node-a", ["berth.example", " 10.99.0.1 ", "", "KUBERNETES"]);

        Assert.Equal(["127.0.0.1", "::1", "10.0.0.5", "10.0.0.9", "10.99.0.1"], names.Addresses.Select(a => a.ToString()));
        Assert.Equal(["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "node-a", "berth.example"], names.DnsNames);
    }

    [Fact]
    public void For_AllAddresses_CoversEveryAddressOfThisHostsInterfaces()
    {
        var names = ServingNames.For(IPAddress.Any, null, "node-a", []);

        var host = NetworkInterface.GetAllNetworkInterfaces().Where(i => i.OperationalStatus != OperationalStatus.Down)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).Where(a => a.AddressFamily == AddressFamily.InterNetwork);
        Assert.Subset(names.Addresses.ToHashSet(), host.ToHashSet());
        Assert.DoesNotContain(IPAddress.Any, names.Addresses);
    }
}
