using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Selectors;
using Berth.Client.Selectors;

namespace Berth.ApiServer.Tests.Registry;

public class ResourceStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_GenerateName_SetsNameUidTimestampAndResourceVersion()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");

        var created = await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"generateName":"cfg-"}}"""), WriteOptions.Server, None);

        Assert.StartsWith("cfg-", ObjectMetadata.Name(created));
        Assert.Equal(9, ObjectMetadata.Name(created).Length);
        Assert.True(Guid.TryParse(ObjectMetadata.Uid(created), out _));
        Assert.NotNull(ObjectMetadata.Get(created, "creationTimestamp"));
        Assert.True(long.Parse(ObjectMetadata.Get(created, "resourceVersion")!) > 0);
        Assert.Equal("ConfigMap", created["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_KindWithSpecWithoutOne_ReadsBackWithEmptySpec()
    {
        await using var fixture = await StoreFixture.StartAsync();

        var node = await fixture.Store.CreateAsync(StoreFixture.Resource("", "nodes"), null, StoreFixture.Json("""{"metadata":{"name":"n1"}}"""), WriteOptions.Server, None);
        var configMap = await fixture.Store.CreateAsync(StoreFixture.Resource("", "configmaps"), "default", StoreFixture.Json("""{"metadata":{"name":"c"}}"""), WriteOptions.Server, None);

        Assert.Equal("{}", node["spec"]!.ToJsonString());
        Assert.False(configMap.ContainsKey("spec"));
    }

    [Fact]
    public async Task Create_MissingNamespace_IsNotFound()
    {
        await using var fixture = await StoreFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.CreateAsync(StoreFixture.Resource("", "configmaps"), "nowhere", StoreFixture.Json("""{"metadata":{"name":"a"}}"""), WriteOptions.Server, None));

        Assert.Equal(404, error.Code);
    }

    [Fact]
    public async Task Create_InvalidName_IsInvalidWithCause()
    {
        await using var fixture = await StoreFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.CreateAsync(StoreFixture.Resource("", "configmaps"), "default", StoreFixture.Json("""{"metadata":{"name":"Bad_Name"}}"""), WriteOptions.Server, None));

        Assert.Equal(422, error.Code);
        Assert.Equal("metadata.name", error.Details!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_WrittenMeanwhileWithoutPrecondition_TransformsTheFreshObjectAgain()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"name":"a"},"data":{"k":"1"}}"""), WriteOptions.Server, None);
        var attempts = 0;

        // A patch: its result carries the resourceVersion it was read at, which is no precondition.
        var patched = await fixture.Store.UpdateAsync(configMaps, "default", "a", c =>
        {
            if (++attempts == 1)
            {
                fixture.Store.UpdateAsync(configMaps, "default", "a", other => { other["data"]!["other"] = "x"; return other; }, UpdateTarget.Main, WriteOptions.Server, None)
                    .GetAwaiter().GetResult();
            }
            c["data"]!["k"] = "2";
            return c;
        }, UpdateTarget.Main, WriteOptions.Server, None);

        Assert.Equal(2, attempts);
        Assert.Equal(("2", "x"), (patched["data"]!["k"]!.GetValue<string>(), patched["data"]!["other"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Update_StaleResourceVersion_IsConflict()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        var created = await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"name":"a"},"data":{"k":"1"}}"""), WriteOptions.Server, None);
        var stale = (JsonObject)created.DeepClone();
        await fixture.Store.UpdateAsync(configMaps, "default", "a", c => { c["data"]!["k"] = "2"; return c; }, UpdateTarget.Main, WriteOptions.Server, None);

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.UpdateAsync(configMaps, "default", "a", _ => stale, UpdateTarget.Main, WriteOptions.Server, None));

        Assert.Equal(409, error.Code);
        Assert.Equal("Conflict", error.Reason);
    }

    [Fact]
    public async Task Update_SpecChange_BumpsGenerationAndKeepsStatus()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var deployments = StoreFixture.Resource("apps", "deployments");
        await fixture.Store.CreateAsync(deployments, "default", StoreFixture.Json(StoreFixture.Workload("d")), WriteOptions.Server, None);
        await fixture.Store.UpdateAsync(deployments, "default", "d", d => { d["status"] = new JsonObject { ["replicas"] = 1 }; return d; }, UpdateTarget.Status, WriteOptions.Server, None);

        var labelled = await fixture.Store.UpdateAsync(deployments, "default", "d", d => { ObjectMetadata.Of(d)["labels"] = new JsonObject { ["a"] = "b" }; d["status"] = null; return d; }, UpdateTarget.Main, WriteOptions.Server, None);
        var scaled = await fixture.Store.UpdateAsync(deployments, "default", "d", d => { d["spec"]!["replicas"] = 3; return d; }, UpdateTarget.Main, WriteOptions.Server, None);

        Assert.Equal(1, ObjectMetadata.Generation(labelled));
        Assert.Equal(2, ObjectMetadata.Generation(scaled));
        Assert.Equal(1, scaled["status"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        var created = await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"name":"a"},"data":{"k":"1"}}"""), WriteOptions.Server, None);

        var updated = await fixture.Store.UpdateAsync(configMaps, "default", "a", c => c, UpdateTarget.Main, WriteOptions.Server, None);

        Assert.Equal(ObjectMetadata.Get(created, "resourceVersion"), ObjectMetadata.Get(updated, "resourceVersion"));
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsUntilTheFinalizerIsRemoved()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"name":"a","finalizers":["example.com/hold"]}}"""), WriteOptions.Server, None);

        var (marked, deleted) = await fixture.Store.DeleteAsync(configMaps, "default", "a", new DeleteRequest(), None);
        Assert.False(deleted);
        Assert.True(ObjectMetadata.IsDeleting(marked));

        await fixture.Store.UpdateAsync(configMaps, "default", "a", c => { ObjectMetadata.SetFinalizers(c, []); return c; }, UpdateTarget.Main, WriteOptions.Server, None);

        var error = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.GetAsync(configMaps, "default", "a", None));
        Assert.Equal(404, error.Code);
    }

    [Fact]
    public async Task Create_RightAfterNamespaceCreateAndDelete_SeesEachAtOnce()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var namespaces = StoreFixture.Resource("", "namespaces");
        var configMaps = StoreFixture.Resource("", "configmaps");

        var missing = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.CreateAsync(configMaps, "team-b", StoreFixture.Json("""{"metadata":{"name":"a"}}"""), WriteOptions.Server, None));
        await fixture.Store.CreateAsync(namespaces, null, StoreFixture.Json("""{"metadata":{"name":"team-b","finalizers":["example.com/hold"]}}"""), WriteOptions.Server, None);
        await fixture.Store.CreateAsync(configMaps, "team-b", StoreFixture.Json("""{"metadata":{"name":"a"}}"""), WriteOptions.Server, None);
        await fixture.Store.DeleteAsync(namespaces, null, "team-b", new DeleteRequest(), None);
        var terminating = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.CreateAsync(configMaps, "team-b", StoreFixture.Json("""{"metadata":{"name":"b"}}"""), WriteOptions.Server, None));

        Assert.Equal(404, missing.Code);
        Assert.Equal(403, terminating.Code);
    }

    [Fact]
    public async Task Finalize_DeletingNamespace_RemovesItThroughAdmission()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var namespaces = StoreFixture.Resource("", "namespaces");
        var created = await fixture.Store.CreateAsync(namespaces, null, StoreFixture.Json("""{"metadata":{"name":"team-a"}}"""), WriteOptions.Server, None);
        var (marked, deleted) = await fixture.Store.DeleteAsync(namespaces, null, "team-a", new DeleteRequest(), None);

        await fixture.Store.UpdateAsync(namespaces, null, "team-a", ns =>
        {
            ns["spec"]!.AsObject().Remove("finalizers");
            return ns;
        }, UpdateTarget.Finalize, WriteOptions.Server, None);

        Assert.Equal("kubernetes", created["spec"]!["finalizers"]![0]!.GetValue<string>());
        Assert.False(deleted);
        Assert.Equal("Terminating", marked["status"]!["phase"]!.GetValue<string>());
        var error = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.GetAsync(namespaces, null, "team-a", None));
        Assert.Equal(404, error.Code);
    }

    [Fact]
    public async Task Delete_DryRun_LeavesTheObject()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json("""{"metadata":{"name":"a"}}"""), WriteOptions.Server, None);

        await fixture.Store.DeleteAsync(configMaps, "default", "a", new DeleteRequest(DryRun: true), None);

        Assert.Equal("a", ObjectMetadata.Name(await fixture.Store.GetAsync(configMaps, "default", "a", None)));
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughEveryObjectOnce()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var configMaps = StoreFixture.Resource("", "configmaps");
        for (var i = 0; i < 7; i++)
        {
            await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json($"{{\"metadata\":{{\"name\":\"c{i}\",\"labels\":{{\"even\":\"{i % 2 == 0}\"}}}}}}"), WriteOptions.Server, None);
        }
        var names = new List<string>();
        string? next = null;
        do
        {
            var request = new ListRequest(LabelSelector.Parse("even=True"), FieldSelector.Everything, Limit: 2, Continue: next);
            var page = await fixture.Store.ListAsync(configMaps, "default", request, None);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            next = page.Continue;
        }
        while (next is not null);

        Assert.Equal(["c0", "c2", "c4", "c6"], names);
    }

    [Fact]
    public async Task Rewrite_Binding_WritesNodeNameWithoutRevalidatingTheRestOfThePod()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var pods = StoreFixture.Resource("", "pods");
        var created = await fixture.Store.CreateAsync(pods, "default", StoreFixture.Json("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""), WriteOptions.Server, None);
        // A pod stored as no update would pass today (left by an older server): no image.
        created["spec"]!["containers"]![0]!.AsObject().Remove("image");
        var key = pods.StorageKey("default", "p");
        var stored = await fixture.Kv.UpdateAsync(key, ObjectCodec.Encode(created), long.Parse(ObjectMetadata.Get(created, "resourceVersion")!), None);
        var binding = StoreFixture.Json("""{"metadata":{"name":"p"},"target":{"name":"n1"}}""");

        var relabel = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.UpdateAsync(pods, "default", "p", p =>
        {
            ObjectMetadata.Of(p)["labels"] = new JsonObject { ["a"] = "b" };
            return p;
        }, UpdateTarget.Main, WriteOptions.Server, None));
        // kube's BindingREST writes to storage without the pod strategy: the binding goes through.
        var bound = await fixture.Store.RewriteAsync(pods, "default", "p", UpdateTarget.Binding, binding,
            pod => PodBindingJson.Bind(pod, "p", "n1", "2026-12-06T15:00:00Z"), WriteOptions.Server, None);
        var again = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.RewriteAsync(pods, "default", "p", UpdateTarget.Binding, binding,
            pod => PodBindingJson.Bind(pod, "p", "n2", "2026-12-06T15:00:00Z"), WriteOptions.Server, None));

        Assert.Equal(422, relabel.Code);
        var written = await fixture.Kv.GetAsync(key, None);
        Assert.Equal(bound, written!.ModRevision);
        Assert.True(bound > stored);
        Assert.Equal("n1", ObjectCodec.Decode(written)["spec"]!["nodeName"]!.GetValue<string>());
        // Rewritten from the watch cache's copy, whose resourceVersion is never stored.
        Assert.DoesNotContain("resourceVersion", System.Text.Encoding.UTF8.GetString(written.Value));
        Assert.Equal(409, again.Code);
    }

    [Fact]
    public async Task List_BadContinueToken_IsBadRequest()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var request = new ListRequest(LabelSelector.Everything, FieldSelector.Everything, Continue: "not-a-token");

        var error = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.ListAsync(StoreFixture.Resource("", "configmaps"), "default", request, None));

        Assert.Equal(400, error.Code);
    }
}
