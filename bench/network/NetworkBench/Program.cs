// Times the network paths of `berth run`: namespace creation (P/Invoke against `ip netns`), and
// CniContainerNetwork Attach + Detach with and without a published port, on a bridge of its own.
using System.Diagnostics;
using Berth.Engine.Network;

var runs = args.Length > 0 ? int.Parse(args[0]) : 30;
var suffix = Guid.NewGuid().ToString("N")[..6];
var root = Directory.CreateTempSubdirectory("berth-netbench-").FullName;
var third = 250 + Random.Shared.Next(5); // apart from the tests' 1-249
var options = new CniNetworkOptions
{
    Bridge = new BridgeNetworkOptions
    {
        BridgeName = "bb" + suffix,
        Subnet = $"10.89.{third}.0/24",
        Gateway = $"10.89.{third}.1",
        NetworkName = "berth-bench-" + suffix,
    },
};
var network = new CniContainerNetwork(root, options);
var namespaces = new NetworkNamespaces(options.NamespaceDirectory);
var rows = new List<(string Name, double Median)>();

try
{
    await Measure("netns create + remove (P/Invoke unshare + bind mount)", async () =>
    {
        var path = namespaces.PathFor("bench-" + suffix);
        await namespaces.CreateAsync(path);
        NetworkNamespaces.Remove(path);
    });
    await Measure("netns create + remove (`ip netns add` + `ip netns del`)", async () =>
    {
        await Run("ip", "netns", "add", "berth-bench-" + suffix);
        await Run("ip", "netns", "del", "berth-bench-" + suffix);
    });
    await Attach(network, "warmup-" + suffix, []); // creates the bridge and the conflist once
    await network.DetachAsync("warmup-" + suffix);
    var attachOnly = new List<double>();
    var detachOnly = new List<double>();
    await Measure("Attach + Detach, no ports (loopback, bridge)", async () =>
    {
        var id = "b" + Guid.NewGuid().ToString("N")[..12];
        attachOnly.Add(await Attach(network, id, []));
        var clock = Stopwatch.StartNew();
        await network.DetachAsync(id);
        detachOnly.Add(clock.Elapsed.TotalMilliseconds);
    });
    rows.Add(("  of which Attach", Median(attachOnly)));
    rows.Add(("  of which Detach", Median(detachOnly)));
    var port = 30000 + Random.Shared.Next(20000);
    await Measure("Attach + Detach, one port on 127.0.0.1 (loopback, bridge, portmap)", async () =>
    {
        var id = "b" + Guid.NewGuid().ToString("N")[..12];
        await Attach(network, id, [new PortMapping("127.0.0.1", port, 80)]);
        await network.DetachAsync(id);
    });
}
finally
{
    await Run("ip", "link", "del", options.Bridge.BridgeName);
    Directory.Delete(root, recursive: true);
}

Console.WriteLine($"| Operation ({runs} runs, median) | ms |");
Console.WriteLine("|---|---:|");
foreach (var (name, median) in rows)
{
    Console.WriteLine($"| {name} | {median:F1} |");
}

async Task Measure(string name, Func<Task> operation)
{
    await operation(); // warm-up: JIT, first bridge, first chains
    var samples = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        await operation();
        samples.Add(clock.Elapsed.TotalMilliseconds);
    }
    rows.Add((name, Median(samples)));
}

static async Task<double> Attach(CniContainerNetwork network, string id, PortMapping[] ports)
{
    var clock = Stopwatch.StartNew();
    await network.AttachAsync(id, ports);
    return clock.Elapsed.TotalMilliseconds;
}

static double Median(List<double> samples)
{
    var sorted = samples.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task Run(string file, params string[] args)
{
    using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
    await process.WaitForExitAsync();
}
