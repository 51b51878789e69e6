using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Tables;
using Berth.ApiServer.Validation;
using Berth.Bench.ApiSemantics;

// Times the per-request semantics the API server runs in-process (no HTTP, no store):
// admission of a create, patches, and Tables. Prints one markdown row per scenario:
// median and best of BATCHES batches, each long enough to be measured.
var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
var deployment = new GroupVersionKind("apps", "v1", "Deployment");
var body = Encoding.UTF8.GetBytes(Samples.Deployment);
var stored = JsonNode.Parse(body)!.AsObject();
var strategy = new ResourceRegistry(BuiltInResources.Create()).FindByKind("apps", "Deployment")!.Strategy;
strategy.Default(stored);
var smp = Encoding.UTF8.GetBytes(Samples.ImageChangePatch);
var scale = """{"spec":{"replicas":5}}"""u8.ToArray();
var jsonPatch = """[{"op":"replace","path":"/spec/replicas","value":5}]"""u8.ToArray();
var now = DateTimeOffset.UtcNow;
var pods = Samples.Pods(10_000, now);
var tables = new TableBuilder(TimeProvider.System);

Scenario[] scenarios =
[
    new("parse a Deployment body (baseline)", "µs", 2000, () =>
    {
        for (var i = 0; i < 2000; i++)
        {
            _ = JsonNode.Parse(body);
        }
    }),
    new("create admission: parse + types + unknown fields + defaults + validation", "µs", 2000, () =>
    {
        for (var i = 0; i < 2000; i++)
        {
            var obj = JsonNode.Parse(body)!.AsObject();
            _ = FieldTypes.FindError(obj, deployment);
            _ = UnknownFields.Prune(obj, deployment);
            strategy.Default(obj);
            _ = strategy.ValidateCreate(obj);
        }
    }),
    new("strategic merge patch: one container's image (kubectl apply)", "µs", 2000, () =>
    {
        for (var i = 0; i < 2000; i++)
        {
            _ = PatchApplier.Apply(stored, PatchContentTypes.StrategicMergePatch, smp, deployment);
        }
    }),
    new("merge patch: spec.replicas (kubectl scale)", "µs", 2000, () =>
    {
        for (var i = 0; i < 2000; i++)
        {
            _ = PatchApplier.Apply(stored, PatchContentTypes.MergePatch, scale, deployment);
        }
    }),
    new("json patch: replace spec.replicas", "µs", 2000, () =>
    {
        for (var i = 0; i < 2000; i++)
        {
            _ = PatchApplier.Apply(stored, PatchContentTypes.JsonPatch, jsonPatch, deployment);
        }
    }),
    new("Table of 10,000 running pods (kubectl get pods)", "ms", 1, () => _ = tables.Build("", "pods", pods).ToJsonString()),
];

Console.WriteLine("| scenario | median | best | unit (per op) |");
Console.WriteLine("|---|---:|---:|---|");
foreach (var scenario in scenarios)
{
    scenario.Run();
    var perOp = new double[batches];
    for (var b = 0; b < batches; b++)
    {
        var watch = Stopwatch.StartNew();
        scenario.Run();
        var elapsed = watch.Elapsed;
        perOp[b] = (scenario.Unit == "ms" ? elapsed.TotalMilliseconds : elapsed.TotalMicroseconds) / scenario.OpsPerCall;
    }

    Array.Sort(perOp);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario.Name} | {perOp[batches / 2]:F1} | {perOp[0]:F1} | {scenario.Unit} |"));
}
