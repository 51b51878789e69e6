using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Watch;
using Berth.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Registry;

/// <summary>A ResourceStore over a real SQLite store in a temp directory, with the default namespace.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-apiserver-test-").FullName;
    private readonly IKeyValueStore _kv;

    private StoreFixture()
    {
        _kv = KeyValueStoreFactory.Open($"sqlite://{Path.Combine(_dir, "state.db")}");
        Cache = new WatchCache(_kv, NullLogger<WatchCache>.Instance, eventWindow: 1000);
        Store = new ResourceStore(_kv, Cache, Registry, TimeProvider.System);
    }

    public static ResourceRegistry Registry { get; } = new(BuiltInResources.Create());

    public WatchCache Cache { get; }

    /// <summary>The store under the registry, for writes an older server could have left.</summary>
    public IKeyValueStore Kv => _kv;

    public ResourceStore Store { get; }

    public static ResourceDefinition Resource(string group, string name) => Registry.Resources.First(r => r.Group == group && r.Name == name);

    public static async Task<StoreFixture> StartAsync()
    {
        var fixture = new StoreFixture();
        await fixture.Cache.StartAsync(CancellationToken.None);
        await fixture.Store.CreateAsync(Resource("", "namespaces"), null, Json("""{"metadata":{"name":"default"}}"""), WriteOptions.Server, CancellationToken.None);
        return fixture;
    }

    /// <summary>A valid Deployment or ReplicaSet body with one replica.</summary>
    public static string Workload(string name) =>
        """{"metadata":{"name":"NAME"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}""".Replace("NAME", name);

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await _kv.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
