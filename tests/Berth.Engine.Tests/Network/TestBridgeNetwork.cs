using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

/// <summary>
/// A bridge network of the test's own (unique bridge name, free 10.93.X.0/24 subnet, temp root)
/// that detaches every container, kills every process, deletes the bridge and the root on dispose.
/// </summary>
internal sealed class TestBridgeNetwork : IAsyncDisposable
{
    private readonly List<string> _attached = [];
    private readonly List<Process> _processes = [];

    // Octets handed to live networks of this test process: their bridges get an address only at
    // the first attach, too late for the interface scan to see them.
    private static readonly HashSet<int> OctetsInUse = [];
    private readonly int _thirdOctet;

    public TestBridgeNetwork(IReadOnlyList<string>? pluginDirectories = null)
    {
        Suffix = Guid.NewGuid().ToString("N")[..8];
        Root = Directory.CreateTempSubdirectory("berth-net-").FullName;
        BridgeName = "bt" + Suffix;
        _thirdOctet = FreeThirdOctet();
        var third = _thirdOctet;
        SubnetPrefix = $"10.93.{third}.";
        Options = new CniNetworkOptions
        {
            Bridge = new BridgeNetworkOptions
            {
                BridgeName = BridgeName,
                Subnet = $"10.93.{third}.0/24",
                Gateway = $"10.93.{third}.1",
                NetworkName = "berth-test-" + Suffix,
            },
            PluginDirectories = pluginDirectories ?? new CniNetworkOptions().PluginDirectories,
            IpamDirectory = Path.Combine(Root, "ipam"),
        };
        Network = new CniContainerNetwork(Root, Options);
    }

    public string Suffix { get; }

    public string Root { get; }

    public string BridgeName { get; }

    /// <summary>"10.93.X.": every address of this network starts with it.</summary>
    public string SubnetPrefix { get; }

    public CniNetworkOptions Options { get; }

    public CniContainerNetwork Network { get; }

    /// <summary>host-local's reservations for this network (it adds the network name to its dataDir).</summary>
    public string IpamDirectory => Path.Combine(Options.IpamDirectory, BridgeName, Options.Bridge.NetworkName);

    public string NewContainerId() => $"t{Guid.NewGuid():N}"[..20];

    public async Task<NetworkAttachment> AttachAsync(string containerId, params PortMapping[] ports)
    {
        Track(containerId);
        return await Network.AttachAsync(containerId, ports);
    }

    /// <summary>Detaches <paramref name="containerId"/> on dispose, for attaches made on other instances.</summary>
    public void Track(string containerId)
    {
        lock (_attached)
        {
            _attached.Add(containerId);
        }
    }

    public Process Start(string netnsPath, params string[] busyboxArgs)
    {
        var process = HostCommand.StartInNamespace(netnsPath, busyboxArgs);
        _processes.Add(process);
        return process;
    }

    /// <summary>Serves <paramref name="body"/> as /index.html with busybox httpd on port 80 of the namespace.</summary>
    public async Task ServeAsync(string netnsPath, string body)
    {
        var www = Directory.CreateDirectory(Path.Combine(Root, "www-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), body);
        Start(netnsPath, "httpd", "-f", "-p", "80", "-h", www);
        // Ready when the port accepts a connection from inside the namespace.
        for (var i = 0; i < 100; i++)
        {
            if ((await HostCommand.InNamespaceAsync(netnsPath, "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/")).ExitCode == 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("busybox httpd did not start");
    }

    /// <summary>The lines of iptables-save (all tables) that mention any of <paramref name="needles"/>.</summary>
    public static async Task<List<string>> IptablesLinesAsync(params string[] needles)
    {
        var dump = await HostCommand.RunAsync("iptables-save");
        Assert.Equal(0, dump.ExitCode);
        return dump.Stdout.Split('\n').Where(line => needles.Any(line.Contains)).ToList();
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        var errors = new List<Exception>();
        foreach (var id in _attached)
        {
            try
            {
                await Network.DetachAsync(id);
            }
            catch (BerthException e)
            {
                errors.Add(e);
            }
        }
        await HostCommand.RunAsync("ip", "link", "del", BridgeName);
        lock (OctetsInUse)
        {
            OctetsInUse.Remove(_thirdOctet);
        }
        Directory.Delete(Root, recursive: true);
        if (errors.Count > 0)
        {
            throw new AggregateException("network test teardown failed", errors);
        }
    }

    // A /24 no interface on this host uses yet. Not in 10.89.0.0/16: Berth's default bridge (berth0)
    // hands out addresses anywhere in it to the acceptance tests' containers running beside these,
    // whose rules then matched this network's prefix (10.89.1.36 after a few hundred runs).
    private static int FreeThirdOctet()
    {
        var used = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address.GetAddressBytes())
            .Where(b => b.Length == 4 && b[0] == 10 && b[1] == 93)
            .Select(b => (int)b[2])
            .ToHashSet();
        lock (OctetsInUse)
        {
            var candidates = Enumerable.Range(1, 250).Where(x => !used.Contains(x) && !OctetsInUse.Contains(x)).ToList();
            var octet = candidates[Random.Shared.Next(candidates.Count)];
            OctetsInUse.Add(octet);
            return octet;
        }
    }
}
