using System.Net;
using Berth.Engine.Containers;
using Berth.Engine.Networks;
using Berth.Engine.Networks.Dns;

namespace Berth.Engine.Tests.Networks;

public class NameTableTests
{
    private static readonly NetworkRecord Front = Network("front", "10.90.1.1");
    private static readonly NetworkRecord Back = Network("back", "10.90.2.1");

    [Fact]
    public void Build_ContainerOnANetwork_AnswersItsNameShortIdAndAliasesThereOnly()
    {
        var web = Container("web", ContainerStatus.Running, new NetworkEndpoint { Network = "front", Aliases = ["www"], IPAddress = "10.90.1.5" });

        var table = NameTable.Build([Front, Back], [web]);

        var front = table.For("front")!;
        Assert.Equal(IPAddress.Parse("10.90.1.1"), front.Gateway);
        Assert.Equal([IPAddress.Parse("10.90.1.5")], front.Resolve("web"));
        Assert.Equal([IPAddress.Parse("10.90.1.5")], front.Resolve("WWW."));
        Assert.Equal([IPAddress.Parse("10.90.1.5")], front.Resolve(web.ShortId));
        Assert.Empty(front.Resolve("db"));
        Assert.Null(table.For("back"));
    }

    [Fact]
    public void Build_TwoNetworks_EachAnswersTheAddressOnItself()
    {
        var api = Container("api", ContainerStatus.Running,
            new NetworkEndpoint { Network = "front", IPAddress = "10.90.1.7" },
            new NetworkEndpoint { Network = "back", IPAddress = "10.90.2.7" });

        var table = NameTable.Build([Front, Back], [api]);

        Assert.Equal([IPAddress.Parse("10.90.1.7")], table.For("front")!.Resolve("api"));
        Assert.Equal([IPAddress.Parse("10.90.2.7")], table.For("back")!.Resolve("api"));
    }

    [Fact]
    public void Build_ExitedContainersAndUnknownNetworks_AreLeftOut()
    {
        var exited = Container("old", ContainerStatus.Exited, new NetworkEndpoint { Network = "front", IPAddress = "10.90.1.9" });
        var stray = Container("stray", ContainerStatus.Running, new NetworkEndpoint { Network = "gone", IPAddress = "10.90.3.9" });
        var created = Container("new", ContainerStatus.Created, new NetworkEndpoint { Network = "front", IPAddress = "10.90.1.10" });

        var table = NameTable.Build([Front], [exited, stray, created]);

        Assert.Empty(table.For("front")!.Resolve("old"));
        Assert.Equal([IPAddress.Parse("10.90.1.10")], table.For("front")!.Resolve("new"));
        Assert.Single(table.Networks);
    }

    [Fact]
    public void Build_SharedAlias_AnswersEveryAddress()
    {
        var one = Container("one", ContainerStatus.Running, new NetworkEndpoint { Network = "front", Aliases = ["svc"], IPAddress = "10.90.1.2" });
        var two = Container("two", ContainerStatus.Running, new NetworkEndpoint { Network = "front", Aliases = ["svc"], IPAddress = "10.90.1.3" });

        var table = NameTable.Build([Front], [one, two]);

        Assert.Equal([IPAddress.Parse("10.90.1.2"), IPAddress.Parse("10.90.1.3")], table.For("front")!.Resolve("svc"));
    }

    [Fact]
    public void Resolve_ClientOnTwoNetworks_FindsPeersOfBothThroughEitherNameServer()
    {
        var client = Container("client", ContainerStatus.Running,
            new NetworkEndpoint { Network = "back", IPAddress = "10.90.2.4" },
            new NetworkEndpoint { Network = "front", IPAddress = "10.90.1.4" });
        var web = Container("web", ContainerStatus.Running, new NetworkEndpoint { Network = "front", Aliases = ["www"], IPAddress = "10.90.1.5" });
        var db = Container("db", ContainerStatus.Running, new NetworkEndpoint { Network = "back", IPAddress = "10.90.2.6" });

        var table = NameTable.Build([Front, Back], [client, web, db]);

        Assert.Equal([IPAddress.Parse("10.90.1.5")], table.Resolve("back", IPAddress.Parse("10.90.2.4"), "www"));
        Assert.Equal([IPAddress.Parse("10.90.2.6")], table.Resolve("front", IPAddress.Parse("10.90.1.4"), "db"));
        Assert.Empty(table.Resolve("back", IPAddress.Parse("10.90.2.6"), "web"));
    }

    private static NetworkRecord Network(string name, string gateway) => new()
    {
        Name = name,
        Id = new string('a', 64),
        BridgeName = "br-test",
        Subnet = gateway[..^1] + "0/24",
        Gateway = gateway,
        Created = DateTimeOffset.UnixEpoch,
    };

    private static ContainerRecord Container(string name, ContainerStatus status, params NetworkEndpoint[] endpoints) => new()
    {
        Id = Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(name.PadRight(32, 'x'))),
        Name = name,
        ImageId = "sha256:x",
        ImageReference = "busybox",
        Command = ["true"],
        Created = DateTimeOffset.UnixEpoch,
        Runtime = "runc",
        Status = status,
        Networks = endpoints,
    };
}
