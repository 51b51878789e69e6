using System.Text.Json.Nodes;
using Berth.ApiServer.Allocation;
using Berth.ApiServer.ControlPlane;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Strategies.Core;
using Berth.ApiServer.Validation;
using Berth.ApiServer.Watch;
using Berth.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Allocation;

/// <summary>Services through the generic registry with their allocators, over a real SQLite store (a /28 of 14 addresses, ports 30000-30009).</summary>
public sealed class ServiceAllocationsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-allocation-test-").FullName;
    private IKeyValueStore _kv = null!;
    private WatchCache _cache = null!;
    private ServiceAllocations _allocations = null!;
    private ResourceStore _store = null!;
    private ResourceDefinition _services = null!;

    public async Task InitializeAsync()
    {
        _kv = KeyValueStoreFactory.Open($"sqlite://{Path.Combine(_dir, "state.db")}");
        _cache = new WatchCache(_kv, NullLogger<WatchCache>.Instance, eventWindow: 1000);
        await _cache.StartAsync(CancellationToken.None);
        _allocations = new ServiceAllocations(_kv, ServiceCidr.Parse("10.96.0.0/28"), PortRange.Parse("30000-30009"));
        var registry = new ResourceRegistry(BuiltInResources.Create(new DefaultTolerationSeconds(), _allocations));
        _store = new ResourceStore(_kv, _cache, registry, TimeProvider.System);
        _services = registry.Find("", "v1", "services")!;
        await _store.CreateAsync(registry.Find("", "v1", "namespaces")!, null, Json("""{"metadata":{"name":"default"}}"""), WriteOptions.Server, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _kv.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static JsonObject Service(string name, string spec = "") =>
        Json($$$"""{"metadata":{"name":"{{{name}}}"},"spec":{"ports":[{"port":80}]{{{spec}}}}}""");

    private Task<JsonObject> CreateAsync(JsonObject service, bool dryRun = false) =>
        _store.CreateAsync(_services, "default", service, WriteOptions.Server with { DryRun = dryRun }, CancellationToken.None);

    private async Task<string[]> ClaimedAsync(RangeAllocator range) => [.. (await range.ClaimedAsync(CancellationToken.None)).Keys.Order()];

    [Fact]
    public async Task Create_GivesEachServiceItsOwnAddressEvenWhenCreatedAtOnce()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 14).Select(i => CreateAsync(Service($"s{i}"))));

        var ips = created.Select(s => s.Str("spec", "clusterIP")!).ToList();
        Assert.Equal(14, ips.Distinct().Count());
        Assert.All(ips, ip => Assert.NotNull(_allocations.Cidr.OffsetOf(System.Net.IPAddress.Parse(ip))));
        Assert.Equal(ips.Order(), await ClaimedAsync(_allocations.Ips));
        var first = created[0]["spec"]!;
        Assert.Equal((first["clusterIP"]!.GetValue<string>(), "SingleStack", "IPv4"),
            (first["clusterIPs"]![0]!.GetValue<string>(), first.Str("ipFamilyPolicy"), first["ipFamilies"]![0]!.GetValue<string>()));

        var full = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Service("one-too-many")));
        Assert.Equal((500, "failed to allocate a serviceIP: range is full"), (full.Code, full.Message));
    }

    [Fact]
    public async Task Create_HonoursARequestedAddressOrSaysWhyNot_AndAFailedCreateKeepsNothing()
    {
        var web = await CreateAsync(Service("web", ""","clusterIP":"10.96.0.5" """));
        Assert.Equal("10.96.0.5", web.Str("spec", "clusterIP"));

        var taken = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Service("other", ""","clusterIP":"10.96.0.5" """)));
        Assert.Equal(422, taken.Code);
        Assert.Equal("""Service "other" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.5"]: failed to allocate IP 10.96.0.5: provided IP is already allocated""", taken.Message);
        var outside = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Service("other", ""","clusterIP":"10.0.0.1" """)));
        Assert.EndsWith("failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/28", outside.Message);
        var existing = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Service("web")));
        Assert.Equal(409, existing.Code);

        var preview = await CreateAsync(Service("preview"), dryRun: true);
        Assert.NotNull(preview.Str("spec", "clusterIP"));
        Assert.Equal(["10.96.0.5"], await ClaimedAsync(_allocations.Ips));
    }

    [Fact]
    public async Task Headless_AndExternalName_TakeNoAddress()
    {
        var headless = await CreateAsync(Service("headless", ""","clusterIP":"None" """));
        var external = await CreateAsync(Json("""{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"example.org"}}"""));

        Assert.Equal("[\"None\"]", headless["spec"]!["clusterIPs"]!.ToJsonString());
        Assert.Null(external.Str("spec", "clusterIP"));
        Assert.Empty(await ClaimedAsync(_allocations.Ips));
    }

    [Fact]
    public async Task Delete_GivesTheAddressAndPortsBack()
    {
        await CreateAsync(Service("web", ""","type":"NodePort","clusterIP":"10.96.0.7" """));
        Assert.Single(await ClaimedAsync(_allocations.NodePorts));

        await _store.DeleteAsync(_services, "default", "web", new DeleteRequest(), CancellationToken.None);

        Assert.Empty(await ClaimedAsync(_allocations.Ips));
        Assert.Empty(await ClaimedAsync(_allocations.NodePorts));
        Assert.Equal("10.96.0.7", (await CreateAsync(Service("again", ""","clusterIP":"10.96.0.7" """))).Str("spec", "clusterIP"));
    }

    [Fact]
    public async Task NodePorts_AreTakenPerPortAndGivenBackWhenTheTypeNoLongerNeedsThem()
    {
        var web = await CreateAsync(Json("""{"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"name":"a","port":80,"nodePort":30003},{"name":"b","port":81}]}}"""));
        var ports = web["spec"]!["ports"]!.AsArray().Select(p => p!["nodePort"]!.GetValue<int>()).ToList();
        Assert.Equal(30003, ports[0]);
        Assert.InRange(ports[1], 30000, 30009);

        var taken = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Json("""{"metadata":{"name":"x"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30003}]}}""")));
        Assert.EndsWith("spec.ports[0].nodePort: Invalid value: 30003: provided port is already allocated", taken.Message);
        var outside = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(Json("""{"metadata":{"name":"x"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":31000}]}}""")));
        Assert.EndsWith("spec.ports[0].nodePort: Invalid value: 31000: provided port is not in the valid range. The range of valid ports is 30000-30009", outside.Message);

        var clusterIp = await _store.UpdateAsync(_services, "default", "web", s =>
        {
            s["spec"]!["type"] = "ClusterIP";
            return s;
        }, UpdateTarget.Main, WriteOptions.Server, CancellationToken.None);

        Assert.All(clusterIp["spec"]!["ports"]!.AsArray(), p => Assert.Null(p!["nodePort"]));
        Assert.Empty(await ClaimedAsync(_allocations.NodePorts));
        Assert.Equal(web.Str("spec", "clusterIP"), clusterIp.Str("spec", "clusterIP"));
        Assert.Single(await ClaimedAsync(_allocations.Ips));
    }

    [Fact]
    public async Task TypeChangeToExternalName_GivesTheAddressBack_AndBackToClusterIpTakesOne()
    {
        await CreateAsync(Service("web"));

        var external = await _store.UpdateAsync(_services, "default", "web", s =>
        {
            s["spec"]!["type"] = "ExternalName";
            s["spec"]!["externalName"] = "example.org";
            return s;
        }, UpdateTarget.Main, WriteOptions.Server, CancellationToken.None);
        Assert.Null(external.Str("spec", "clusterIP"));
        Assert.Empty(await ClaimedAsync(_allocations.Ips));

        var back = await _store.UpdateAsync(_services, "default", "web", s =>
        {
            s["spec"]!["type"] = "ClusterIP";
            s["spec"]!.AsObject().Remove("externalName");
            return s;
        }, UpdateTarget.Main, WriteOptions.Server, CancellationToken.None);
        Assert.Equal([back.Str("spec", "clusterIP")!], await ClaimedAsync(_allocations.Ips));
    }

    [Fact]
    public async Task Repair_GivesBackAClaimNoServiceHolds_OnlyOnItsSecondSighting()
    {
        await CreateAsync(Service("web", ""","clusterIP":"10.96.0.2" """));
        Assert.True(await _allocations.Ips.TryClaimAsync("10.96.0.9", "default/crashed", CancellationToken.None));
        var repair = new AllocationRepair(_kv, _allocations);

        Assert.Equal(["ip/10.96.0.9"], await repair.RunAsync(CancellationToken.None));
        Assert.Equal(["10.96.0.2", "10.96.0.9"], await ClaimedAsync(_allocations.Ips));
        await repair.RunAsync(CancellationToken.None);
        Assert.Equal(["10.96.0.2"], await ClaimedAsync(_allocations.Ips));
    }
}
