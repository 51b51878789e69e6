using System.Diagnostics;
using Berth.Scheduler;
using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Framework;
using k8s.Models;

// The scheduling cycle alone, in process: no API server, no store, no binding. NODES nodes and plain pods shaped as
// ../run makes them (BenchObjects), BOUND pods already bound round-robin, then each round schedules PODS more pods one
// after another, each assumed on the node chosen (as the scheduler assumes a pod before binding it), on a fresh
// snapshot. Prints each round's cycles/s and allocated bytes per cycle, then the medians: a change to the cycle shows
// here at a few percent, where the server bench (../run) moves by ±20% with this machine's load.
// usage: Berth.Bench.Cycle [NODES] [BOUND] [PODS] [ROUNDS]   (defaults 5000 10000 2000 7; the first round warms up)
var nodes = args.Length > 0 ? int.Parse(args[0]) : 5000;
var bound = args.Length > 1 ? int.Parse(args[1]) : 10_000;
var pods = args.Length > 2 ? int.Parse(args[2]) : 2000;
var rounds = args.Length > 3 ? int.Parse(args[3]) : 7;

var nodeObjects = Enumerable.Range(0, nodes).Select(i => BenchObjects.Node($"bench-{i:D5}", $"zone-{i % 10}")).ToList();
var boundPods = Enumerable.Range(0, bound).Select(i => Bound(BenchObjects.Pod("bench", $"b-{i:D6}", spread: false), nodeObjects[i % nodes].Metadata.Name)).ToList();
var rates = new List<double>();
var allocations = new List<double>();
for (var round = 0; round <= rounds; round++)
{
    var snapshot = new ClusterSnapshot();
    nodeObjects.ForEach(snapshot.UpsertNode);
    boundPods.ForEach(pod => snapshot.AddPod(new PodInfo(pod)));
    var algorithm = new SchedulingAlgorithm(Profile.Default(ScoringStrategy.LeastAllocated), new SchedulerOptions(), new Random(round));
    var incoming = Enumerable.Range(0, pods).Select(i => new PodInfo(WithUid(BenchObjects.Pod("bench", $"p-{round}-{i:D6}", spread: false)))).ToList();
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    foreach (var pod in incoming)
    {
        var node = algorithm.Schedule(pod, snapshot).Node ?? throw new InvalidOperationException($"{pod.Name} fits nowhere");
        snapshot.AddPod(pod.AssumedOn(node));
    }
    var seconds = clock.Elapsed.TotalSeconds;
    var bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / pods;
    Console.WriteLine(FormattableString.Invariant($"round={round}{(round == 0 ? " (warm-up)" : "")} cycles_per_sec={pods / seconds:F0} allocated_bytes_per_cycle={bytes:F0}"));
    if (round > 0)
    {
        rates.Add(pods / seconds);
        allocations.Add(bytes);
    }
}
Console.WriteLine(FormattableString.Invariant($"nodes={nodes} bound={bound} pods={pods} median_cycles_per_sec={Median(rates):F0} median_allocated_bytes_per_cycle={Median(allocations):F0}"));

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static V1Pod WithUid(V1Pod pod)
{
    pod.Metadata.Uid = Guid.NewGuid().ToString();
    return pod;
}

static V1Pod Bound(V1Pod pod, string node)
{
    WithUid(pod).Spec.NodeName = node;
    return pod;
}
