using System.Diagnostics;
using Berth.Client.Rest;
using k8s.Models;

// Fills a running `berth server` (see ../run) with Services and their endpoints, as a big cluster has them:
//   services N PER NAMESPACE : N ClusterIP Services svc-00000… without selectors (port 80 → 8080/TCP), each with
//                              one EndpointSlice of PER ready endpoints (10.250.X.Y), created from 64 clients
// usage: Berth.Bench.Services DATA-DIR URL services N PER NAMESPACE
var (dataDir, url, mode) = (args[0], args[1], args[2]);
using var client = new ApiClient(new ApiConnection
{
    Server = new Uri(url),
    CaPem = await File.ReadAllTextAsync(Path.Combine(dataDir, "server", "tls", "ca.crt")),
    Token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "server", "admin-token"))).Trim(),
    UserAgent = "berth-bench-services/1.0",
});
const int Clients = 64;

if (mode != "services")
{
    Console.Error.WriteLine("usage: Berth.Bench.Services DATA-DIR URL services N PER NAMESPACE");
    return 2;
}
var (count, perService, ns) = (int.Parse(args[3]), int.Parse(args[4]), args[5]);
await client.For(KubeResources.Namespaces).CreateAsync(new V1Namespace { Metadata = new() { Name = ns } }, CancellationToken.None);
var services = client.For(KubeResources.Services);
var slices = client.For(KubeResources.EndpointSlices);
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (i, _) =>
{
    var name = $"svc-{i:D5}";
    await services.CreateAsync(new V1Service
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80, TargetPort = 8080, Protocol = "TCP" }] },
    }, CancellationToken.None);
    await slices.CreateAsync(new V1EndpointSlice
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"{name}-1",
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = name },
        },
        AddressType = "IPv4",
        Endpoints = [.. Enumerable.Range(0, perService).Select(e => new V1Endpoint
        {
            Addresses = [$"10.250.{((i * perService) + e) / 250 % 250}.{(((i * perService) + e) % 250) + 1}"],
            Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
        })],
        Ports = [new Discoveryv1EndpointPort { Name = "", Port = 8080, Protocol = "TCP" }],
    }, CancellationToken.None);
});
Console.WriteLine(FormattableString.Invariant($"services={count} endpoints={count * perService} services_per_sec={count / clock.Elapsed.TotalSeconds:F0}"));
return 0;
