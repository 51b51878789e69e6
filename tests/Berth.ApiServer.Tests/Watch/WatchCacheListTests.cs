using System.Text;
using Berth.ApiServer.Watch;
using Berth.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Watch;

public sealed class WatchCacheListTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-watchcache-test-").FullName;
    private IKeyValueStore _store = null!;
    private WatchCache _cache = null!;

    public async Task InitializeAsync()
    {
        _store = KeyValueStoreFactory.Open($"sqlite://{Path.Combine(_dir, "state.db")}");
        _cache = new WatchCache(_store, NullLogger<WatchCache>.Instance);
        await _cache.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task List_ObjectsOfManyNamespaces_InKeyOrderAndPerNamespace()
    {
        foreach (var key in new[] { "configmaps/a/x", "configmaps/b/w", "configmaps/a-b/y", "configmaps/a/z", "nodes/n2", "nodes/n1" })
        {
            await PutAsync("/registry/core/" + key);
        }

        Assert.Equal(["configmaps/a-b/y", "configmaps/a/x", "configmaps/a/z", "configmaps/b/w"], Keys("/registry/core/configmaps/"));
        Assert.Equal(["configmaps/a/x", "configmaps/a/z"], Keys("/registry/core/configmaps/a/"));
        Assert.Equal(["configmaps/a-b/y", "configmaps/a/x", "configmaps/a/z"], Keys("/registry/core/configmaps/a"));
        Assert.Equal(["configmaps/a/z"], Keys("/registry/core/configmaps/a/z"));
        Assert.Equal(["nodes/n1", "nodes/n2"], Keys("/registry/core/nodes/"));
        Assert.Empty(Keys("/registry/core/configmaps/c/"));
        Assert.NotNull(_cache.Get("/registry/core/configmaps/a-b/y"));
        Assert.Null(_cache.Get("/registry/core/configmaps/a/y"));
    }

    [Fact]
    public async Task List_AfterANamespacesObjectsAreDeleted_IsEmptyForIt()
    {
        await PutAsync("/registry/core/configmaps/a/x");
        await PutAsync("/registry/core/configmaps/b/y");
        var deleted = await _store.DeleteAsync("/registry/core/configmaps/a/x");
        Assert.True(await _cache.WaitForRevisionAsync(deleted.ModRevision, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Empty(Keys("/registry/core/configmaps/a/"));
        Assert.Null(_cache.Get("/registry/core/configmaps/a/x"));
        Assert.Equal(["configmaps/b/y"], Keys("/registry/core/configmaps/"));
    }

    public async Task DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task PutAsync(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var revision = await _store.CreateAsync(key, Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"" + name + "\"}}"));
        Assert.True(await _cache.WaitForRevisionAsync(revision, TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    private List<string> Keys(string prefix) =>
        _cache.List(prefix).Items.Select(i => i.Key["/registry/core/".Length..]).ToList();
}
