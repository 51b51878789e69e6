using System.Diagnostics;
using Berth.Client.Rest;
using Berth.Testing.Simulation;
using k8s.Models;

// Scheduler throughput through a running `berth server` (see ../run), with the real API server,
// store and in-process scheduler:
//   nodes N ZONES       : registers N simulated nodes (Node + status; no kubelet, no lease) over ZONES zones
//   pods N plain|spread : holds the scheduler's Lease (the server's scheduler stops within its 10 s
//                         renew deadline), creates N pods from 64 clients, releases the Lease and times
//                         the backlog until every pod is bound, as scheduler_perf measures a backlog
//                         (spread: maxSkew 1 over zones, DoNotSchedule, and over hostnames, ScheduleAnyway)
//   deployment N NODES  : a Deployment of N replicas on NODES simulated nodes with their kubelet, until N available
// usage: Berth.Bench.Scheduler DATA-DIR URL nodes|pods|deployment N ARG
// SERVER_PID (environment): the server's process, whose CPU time over the placements pods reports
var (dataDir, url, mode, n, arg) = (args[0], args[1], args[2], int.Parse(args[3]), args[4]);
using var client = new ApiClient(new ApiConnection
{
    Server = new Uri(url),
    CaPem = await File.ReadAllTextAsync(Path.Combine(dataDir, "server", "tls", "ca.crt")),
    Token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "server", "admin-token"))).Trim(),
    UserAgent = "berth-bench-scheduler/1.0",
});
const int Clients = 64;

switch (mode)
{
    case "nodes":
        {
            var zones = int.Parse(arg);
            var nodes = client.For(KubeResources.Nodes);
            var clock = Stopwatch.StartNew();
            await ForAllAsync(n, async i =>
            {
                var node = BenchObjects.Node($"bench-{i:D5}", $"zone-{i % zones}");
                var current = await nodes.CreateAsync(node, CancellationToken.None);
                // The node-ipam-controller writes spec.podCIDR meanwhile: a conflict retries from a fresh read.
                while (true)
                {
                    current.Status = node.Status;
                    try
                    {
                        await nodes.UpdateStatusAsync(current, CancellationToken.None);
                        break;
                    }
                    catch (ApiStatusException conflict) when (conflict.IsConflict)
                    {
                        current = await nodes.GetAsync(null, node.Metadata.Name, CancellationToken.None);
                    }
                }
            });
            Console.WriteLine($"nodes={n} nodes_per_sec={n / clock.Elapsed.TotalSeconds:F0}");
            break;
        }
    case "pods":
        {
            var ns = $"bench-{arg}-{Guid.NewGuid():N}"[..24];
            await client.For(KubeResources.Namespaces).CreateAsync(new V1Namespace { Metadata = new() { Name = ns } }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var watch = new BoundPodWatch(client, ns, n, clock);
            using var stop = new CancellationTokenSource();
            var watching = watch.RunAsync(await watch.ListAsync(), stop.Token);
            var pods = client.For(KubeResources.Pods);
            await SetSchedulerLeaseAsync(client, "bench-hold", 3600);
            await Task.Delay(TimeSpan.FromSeconds(12));
            var createStart = clock.Elapsed.TotalSeconds;
            await ForAllAsync(n, i => pods.CreateAsync(BenchObjects.Pod(ns, $"p-{i:D6}", arg == "spread"), CancellationToken.None));
            var created = clock.Elapsed.TotalSeconds;
            if (watch.AnyBound)
            {
                throw new InvalidOperationException("pods were bound while the bench held the scheduler's lease");
            }
            await SetSchedulerLeaseAsync(client, null, 1);
            // A profiler waiting for this file records the placements alone (bench/scheduler/README.md)
            if (Environment.GetEnvironmentVariable("RELEASED_FILE") is { Length: > 0 } releasedFile)
            {
                await File.WriteAllTextAsync(releasedFile, "");
            }
            var start = clock.Elapsed.TotalSeconds;
            var cpuStart = ServerCpuSeconds();
            var benchCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            await watch.AllBound;
            var cpu = ServerCpuSeconds() - cpuStart;
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuStart;
            await stop.CancelAsync();
            await watching;
            var times = watch.BindTimes.Order().ToList();
            var (first, last) = (times[0], times[^1]);
            Console.WriteLine(FormattableString.Invariant(
                $"pods={n} kind={arg} created_per_sec={n / (created - createStart):F0} placements_per_sec={n / (last - start):F0} steady_placements_per_sec={(n - 1) / (last - first):F0} seconds={last - start:F1} server_cpu_ms_per_placement={cpu * 1000 / n:F3} bench_cpu_ms_per_placement={benchCpu.TotalMilliseconds / n:F3}"));
            break;
        }
    case "deployment":
        {
            var nodeCount = int.Parse(arg);
            await using var cluster = new SimulatedCluster(client, TimeSpan.FromSeconds(30));
            await cluster.StartAsync(CancellationToken.None);
            await ForAllAsync(nodeCount, i => cluster.AddNodeAsync(new SimulatedNodeSpec { Name = $"sim-{i:D4}", Cpu = "64", Memory = "256Gi" }, CancellationToken.None));
            var ns = $"bench-deploy-{Guid.NewGuid():N}"[..24];
            await client.For(KubeResources.Namespaces).CreateAsync(new V1Namespace { Metadata = new() { Name = ns } }, CancellationToken.None);
            var deployments = client.For(KubeResources.Deployments);
            var clock = Stopwatch.StartNew();
            await deployments.CreateAsync(Deployment(ns, n), CancellationToken.None);
            while ((await deployments.GetAsync(ns, "web", CancellationToken.None)).Status?.AvailableReplicas != n)
            {
                await Task.Delay(100);
            }
            Console.WriteLine(FormattableString.Invariant($"replicas={n} nodes={nodeCount} seconds_to_available={clock.Elapsed.TotalSeconds:F1}"));
            break;
        }
    default:
        Console.Error.WriteLine("usage: Berth.Bench.Scheduler DATA-DIR URL nodes|pods|deployment N ARG");
        return 2;
}
return 0;

// Takes (holder) or releases (null) the kube-scheduler Lease, as another scheduler instance would.
static async Task SetSchedulerLeaseAsync(ApiClient client, string? holder, int seconds)
{
    var leases = client.For(KubeResources.Leases);
    while (true)
    {
        var lease = await leases.GetAsync("kube-system", "kube-scheduler", CancellationToken.None);
        lease.Spec.HolderIdentity = holder;
        lease.Spec.LeaseDurationSeconds = seconds;
        lease.Spec.RenewTime = DateTime.UtcNow;
        try
        {
            await leases.UpdateAsync(lease, CancellationToken.None);
            return;
        }
        catch (ApiStatusException conflict) when (conflict.IsConflict)
        {
            // The server's scheduler renewed it meanwhile: take it from the fresh copy.
        }
    }
}

// The server's user + system CPU seconds so far (/proc/PID/stat fields 14 and 15, in USER_HZ = 100 ticks on Linux); NaN without SERVER_PID.
static double ServerCpuSeconds()
{
    if (Environment.GetEnvironmentVariable("SERVER_PID") is not { Length: > 0 } pid)
    {
        return double.NaN;
    }
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
}

static async Task ForAllAsync(int count, Func<int, Task> work)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await work(i);
        }
    })));
}

static V1Deployment Deployment(string ns, int replicas) => new()
{
    Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = ns },
    Spec = new V1DeploymentSpec
    {
        Replicas = replicas,
        Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        Template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "busybox" }] },
        },
    },
};
