using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

/// <summary>Attach and detach on real namespaces, iptables and IPAM: idempotence, crashes, leftovers.</summary>
public class CniContainerNetworkLifecycleTests
{
    [Fact]
    public async Task DetachAsync_AfterAttachWithPorts_LeavesNoRuleNamespaceOrAddress()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var port = TestBridgeNetwork.FreePort();
        var attachment = await net.AttachAsync(id, new PortMapping("127.0.0.1", port, 80), new PortMapping("", port + 1 > 65535 ? port - 1 : port + 1, 81, "udp"));
        var rulesWhileAttached = await TestBridgeNetwork.IptablesLinesAsync(id, net.SubnetPrefix);
        var chains = rulesWhileAttached.SelectMany(l => l.Split(' ')).Where(w => w.StartsWith("CNI-") && !w.StartsWith("CNI-HOSTPORT")).Distinct().ToArray();
        var addressFile = Path.Combine(net.IpamDirectory, attachment.IPAddress);
        Assert.True(File.Exists(attachment.NamespacePath));
        Assert.True(File.Exists(addressFile));
        Assert.NotEmpty(chains);

        await net.Network.DetachAsync(id);

        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync([id, net.SubnetPrefix, .. chains]));
        Assert.False(File.Exists(attachment.NamespacePath));
        Assert.DoesNotContain("berth-" + id, (await HostCommand.RunAsync("ip", "netns", "list")).Stdout);
        Assert.False(File.Exists(addressFile));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(net.Root, "cni", "attachments")));
    }

    [Fact]
    public async Task AttachAsync_TwoRootsOnOneBridge_HandOutDifferentAddresses()
    {
        await using var net = new TestBridgeNetwork();
        var otherRoot = Directory.CreateTempSubdirectory("berth-net-other-").FullName;
        var other = new CniContainerNetwork(otherRoot, net.Options);
        var otherId = net.NewContainerId();
        try
        {
            var first = await net.AttachAsync(net.NewContainerId());
            var second = await other.AttachAsync(otherId, []);

            Assert.NotEqual(first.IPAddress, second.IPAddress);
            Assert.StartsWith(net.SubnetPrefix, second.IPAddress);
            Assert.True(File.Exists(Path.Combine(net.IpamDirectory, first.IPAddress)));
            Assert.True(File.Exists(Path.Combine(net.IpamDirectory, second.IPAddress)));
        }
        finally
        {
            await other.DetachAsync(otherId);
            Directory.Delete(otherRoot, recursive: true);
        }
    }

    [Fact]
    public async Task DetachAsync_Twice_SucceedsAndUnknownIdIsANoOp()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        await net.AttachAsync(id);

        await net.Network.DetachAsync(id);
        await net.Network.DetachAsync(id);
        await net.Network.DetachAsync(net.NewContainerId());

        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id));
    }

    [Fact]
    public async Task DetachAsync_FromANewInstanceAfterTheFirstIsGone_CleansUpFromStoredState()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var port = TestBridgeNetwork.FreePort();
        var attachment = await net.AttachAsync(id, new PortMapping("127.0.0.1", port, 80));

        // As after a berth process was killed: only what is under the root is left.
        var later = new CniContainerNetwork(net.Root, net.Options);
        await later.DetachAsync(id);

        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id, net.SubnetPrefix));
        Assert.False(File.Exists(attachment.NamespacePath));
        Assert.False(File.Exists(Path.Combine(net.IpamDirectory, attachment.IPAddress)));
    }

    [Fact]
    public async Task DetachAsync_AfterACrashBeforeTheResultWasStored_RemovesEverything()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var attachment = await net.AttachAsync(id, new PortMapping("127.0.0.1", TestBridgeNetwork.FreePort(), 80));
        ForgetResult(net, id);

        await new CniContainerNetwork(net.Root, net.Options).DetachAsync(id);

        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id, net.SubnetPrefix));
        Assert.False(File.Exists(attachment.NamespacePath));
        Assert.False(File.Exists(Path.Combine(net.IpamDirectory, attachment.IPAddress)));
    }

    [Fact]
    public async Task AttachAsync_AfterACrashBeforeTheResultWasStored_StartsOverWithOneAddress()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        await net.AttachAsync(id);
        ForgetResult(net, id);

        var again = await net.AttachAsync(id);

        Assert.True(File.Exists(again.NamespacePath));
        Assert.Single(Directory.EnumerateFiles(net.IpamDirectory, net.SubnetPrefix + "*"));
        Assert.Single(await TestBridgeNetwork.IptablesLinesAsync(id), l => l.StartsWith("-A POSTROUTING"));
    }

    [Fact]
    public async Task AttachAsync_ConcurrentlyFromSeparateInstances_GivesEachContainerItsOwnAddress()
    {
        await using var net = new TestBridgeNetwork();
        var ids = Enumerable.Range(0, 4).Select(_ => net.NewContainerId()).ToList();
        _ = await net.AttachAsync(net.NewContainerId()); // the bridge and conflist exist before the race

        // Separate instances, as separate berth processes would be: only the file lock orders them.
        var attachments = await Task.WhenAll(ids.Select(async id =>
        {
            var instance = new CniContainerNetwork(net.Root, net.Options);
            net.Track(id);
            return await instance.AttachAsync(id, []);
        }));

        Assert.Equal(4, attachments.Select(a => a.IPAddress).Distinct().Count());
        Assert.All(attachments, a => Assert.True(File.Exists(a.NamespacePath)));
    }

    [Fact]
    public async Task DetachAsync_NamespaceDeletedBehindItsBack_StillRemovesTheMasqueradeRules()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var attachment = await net.AttachAsync(id);
        Assert.NotEmpty(await TestBridgeNetwork.IptablesLinesAsync(id));
        Assert.Equal(0, (await HostCommand.RunAsync("umount", attachment.NamespacePath)).ExitCode);
        File.Delete(attachment.NamespacePath);

        await net.Network.DetachAsync(id);

        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id, net.SubnetPrefix));
        Assert.False(File.Exists(attachment.NamespacePath));
        Assert.False(File.Exists(Path.Combine(net.IpamDirectory, attachment.IPAddress)));
    }

    [Fact]
    public async Task DetachAsync_AfterACrashWhileTheFirstRecordWasWritten_RemovesTheHalfWrittenFile()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var attachments = Directory.CreateDirectory(Path.Combine(net.Root, "cni", "attachments"));
        File.WriteAllText(Path.Combine(attachments.FullName, id + ".json.tmp"), "{\"containerId\":");

        await net.Network.DetachAsync(id);

        Assert.Empty(attachments.EnumerateFiles());
    }

    [Fact]
    public async Task DetachAsync_AfterACrashBeforeTheNamespaceWasBound_RemovesThePlaceholderAndRecord()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var netns = Path.Combine(net.Options.NamespaceDirectory, "berth-" + id);
        var attachments = Directory.CreateDirectory(Path.Combine(net.Root, "cni", "attachments"));
        // What a berth process killed between creating the namespace file and binding it leaves.
        var record = new System.Text.Json.Nodes.JsonObject
        {
            ["containerId"] = id,
            ["namespacePath"] = netns,
            ["interfaceName"] = "eth0",
            ["network"] = System.Text.Json.Nodes.JsonNode.Parse(net.Options.Bridge.ToConfigList(Path.Combine(net.Root, "cni", "ipam")).ToJsonString()),
            ["ports"] = new System.Text.Json.Nodes.JsonArray(),
        };
        File.WriteAllText(Path.Combine(attachments.FullName, id + ".json"), record.ToJsonString());
        File.WriteAllText(netns, "");
        net.Track(id);

        await net.Network.DetachAsync(id);

        Assert.False(File.Exists(netns));
        Assert.Empty(attachments.EnumerateFiles());
    }

    [Fact]
    public async Task AttachAsync_SameContainerTwice_ReturnsTheSameAttachment()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();

        var first = await net.AttachAsync(id);
        var second = await net.AttachAsync(id);

        Assert.Equal(first, second);
        Assert.Single(Directory.EnumerateFiles(net.IpamDirectory, net.SubnetPrefix + "*"));
    }

    [Fact]
    public async Task AttachAsync_FirstUse_WritesTheBridgeConflistUnderTheRoot()
    {
        await using var net = new TestBridgeNetwork();
        var attachment = await net.AttachAsync(net.NewContainerId());

        var list = CniNetworkConfigList.Load(net.Network.ConfigListPath);

        Assert.Equal(net.Options.Bridge.NetworkName, list.Name);
        Assert.Equal(["bridge", "portmap"], list.Plugins.Select(p => p["type"]!.GetValue<string>()));
        Assert.Equal(net.BridgeName, list.Plugins[0]["bridge"]!.GetValue<string>());
        Assert.Equal(24, attachment.PrefixLength);
        Assert.Equal(net.SubnetPrefix + "1", attachment.Gateway);
        Assert.Matches("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", attachment.MacAddress);
    }

    [Fact]
    public async Task AttachAsync_HostPortPublishedByAnotherContainer_FailsAndLeavesNothing()
    {
        await using var net = new TestBridgeNetwork();
        var port = TestBridgeNetwork.FreePort();
        await net.AttachAsync(net.NewContainerId(), new PortMapping("127.0.0.1", port, 80));
        var second = net.NewContainerId();

        var error = await Assert.ThrowsAsync<BerthException>(() => net.AttachAsync(second, new PortMapping("", port, 8080)));

        Assert.Contains($"{port}", error.Message);
        Assert.Contains("already published", error.Message);
        Assert.False(File.Exists(Path.Combine(net.Options.NamespaceDirectory, "berth-" + second)));
    }

    [Fact]
    public async Task AttachAsync_HostPortInUseOnTheHost_Fails()
    {
        await using var net = new TestBridgeNetwork();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

            var error = await Assert.ThrowsAsync<BerthException>(() => net.AttachAsync(net.NewContainerId(), new PortMapping("127.0.0.1", port, 80)));

            Assert.Contains("already in use", error.Message);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task AttachAsync_HostIpNotOnThisHost_FailsNamingIt()
    {
        await using var net = new TestBridgeNetwork();

        var error = await Assert.ThrowsAsync<BerthException>(() => net.AttachAsync(net.NewContainerId(), new PortMapping("192.0.2.254", TestBridgeNetwork.FreePort(), 80)));

        Assert.Contains("192.0.2.254 is not an address of this host", error.Message);
    }

    [Fact]
    public async Task AttachAsync_PluginMissing_FailsClearlyAndLeavesNoNamespaceOrRecord()
    {
        var empty = Directory.CreateTempSubdirectory("berth-cni-empty-");
        try
        {
            await using var net = new TestBridgeNetwork([empty.FullName]);
            var id = net.NewContainerId();

            var error = await Assert.ThrowsAsync<BerthException>(() => net.AttachAsync(id));

            Assert.Contains("CNI plugin \"loopback\" not found", error.Message);
            Assert.False(File.Exists(Path.Combine(net.Options.NamespaceDirectory, "berth-" + id)));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(net.Root, "cni", "attachments")));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CheckAsync_AttachedThenTampered_PassesThenFails()
    {
        await using var net = new TestBridgeNetwork();
        var id = net.NewContainerId();
        var attachment = await net.AttachAsync(id, new PortMapping("127.0.0.1", TestBridgeNetwork.FreePort(), 80));

        await net.Network.CheckAsync(id);
        var changed = await HostCommand.RunAsync("nsenter", $"--net={attachment.NamespacePath}", "ip", "link", "set", "eth0", "address", "02:00:00:be:e7:01");
        var error = await Assert.ThrowsAsync<BerthException>(() => net.Network.CheckAsync(id));

        Assert.Equal(0, changed.ExitCode);
        Assert.StartsWith("CNI plugin bridge CHECK failed", error.Message);
    }

    [Fact]
    public async Task AttachAsync_InvalidContainerId_IsRejected()
    {
        await using var net = new TestBridgeNetwork();

        var error = await Assert.ThrowsAsync<BerthException>(() => net.Network.AttachAsync("../etc", []));

        Assert.Contains("invalid container id", error.Message);
    }

    // What a berth process killed between the plugins' ADD and the final write leaves behind.
    private static void ForgetResult(TestBridgeNetwork net, string id)
    {
        var path = Path.Combine(net.Root, "cni", "attachments", id + ".json");
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.NotNull(record["result"]);
        record.Remove("result");
        record.Remove("attachment");
        File.WriteAllText(path, record.ToJsonString());
    }
}
