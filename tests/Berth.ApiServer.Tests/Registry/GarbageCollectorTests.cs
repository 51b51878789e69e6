using System.Text.Json.Nodes;
using Berth.ApiServer.GarbageCollection;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Registry;

public class GarbageCollectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(PropagationPolicy.Background, false)]
    [InlineData(PropagationPolicy.Foreground, false)]
    [InlineData(PropagationPolicy.Orphan, true)]
    public async Task Collect_AfterOwnerDeletion_FollowsThePropagationPolicy(PropagationPolicy policy, bool dependentSurvives)
    {
        await using var fixture = await StoreFixture.StartAsync();
        var deployments = StoreFixture.Resource("apps", "deployments");
        var replicaSets = StoreFixture.Resource("apps", "replicasets");
        var owner = await fixture.Store.CreateAsync(deployments, "default", StoreFixture.Json(StoreFixture.Workload("web")), false, None);
        var ownerRef = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web", ["uid"] = ObjectMetadata.Uid(owner), ["controller"] = true };
        var dependent = StoreFixture.Json(StoreFixture.Workload("web-1"));
        ObjectMetadata.Of(dependent)["ownerReferences"] = new JsonArray(ownerRef);
        await fixture.Store.CreateAsync(replicaSets, "default", dependent, false, None);
        var collector = new GarbageCollector(fixture.Store, NullLogger<GarbageCollector>.Instance);

        await fixture.Store.DeleteAsync(deployments, "default", "web", new DeleteRequest(policy), None);
        for (var pass = 0; pass < 4; pass++)
        {
            await fixture.Cache.WaitForRevisionAsync(await CurrentRevisionAsync(fixture), TimeSpan.FromSeconds(5), None);
            await collector.CollectAsync(None);
        }

        await AssertGoneAsync(fixture, deployments, "web");
        if (dependentSurvives)
        {
            var orphan = await fixture.Store.GetAsync(replicaSets, "default", "web-1", None);
            Assert.Empty(ObjectMetadata.OwnerUids(orphan));
        }
        else
        {
            await AssertGoneAsync(fixture, replicaSets, "web-1");
        }
    }

    [Fact]
    public async Task Collect_TerminatingNamespace_EmptiesThenRemovesIt()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var namespaces = StoreFixture.Resource("", "namespaces");
        var configMaps = StoreFixture.Resource("", "configmaps");
        await fixture.Store.CreateAsync(namespaces, null, StoreFixture.Json("""{"metadata":{"name":"doomed"}}"""), false, None);
        await fixture.Store.CreateAsync(configMaps, "doomed", StoreFixture.Json("""{"metadata":{"name":"a"}}"""), false, None);
        var collector = new GarbageCollector(fixture.Store, NullLogger<GarbageCollector>.Instance);

        var (terminating, _) = await fixture.Store.DeleteAsync(namespaces, null, "doomed", new DeleteRequest(), None);
        Assert.Equal("Terminating", terminating["status"]!["phase"]!.GetValue<string>());
        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            fixture.Store.CreateAsync(configMaps, "doomed", StoreFixture.Json("""{"metadata":{"name":"b"}}"""), false, None));
        Assert.Equal(403, refused.Code);
        for (var pass = 0; pass < 3; pass++)
        {
            await fixture.Cache.WaitForRevisionAsync(await CurrentRevisionAsync(fixture), TimeSpan.FromSeconds(5), None);
            await collector.CollectAsync(None);
        }

        await AssertGoneAsync(fixture, configMaps, "a", "doomed");
        await AssertGoneAsync(fixture, namespaces, "doomed");
    }

    [Fact]
    public async Task Run_OwnerDeletedAmidUnownedCreates_CollectsTheDependent()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var deployments = StoreFixture.Resource("apps", "deployments");
        var replicaSets = StoreFixture.Resource("apps", "replicasets");
        var configMaps = StoreFixture.Resource("", "configmaps");
        var owner = await fixture.Store.CreateAsync(deployments, "default", StoreFixture.Json(StoreFixture.Workload("web")), false, None);
        var dependent = StoreFixture.Json(StoreFixture.Workload("web-1"));
        ObjectMetadata.Of(dependent)["ownerReferences"] = new JsonArray(
            new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web", ["uid"] = ObjectMetadata.Uid(owner) });
        await fixture.Store.CreateAsync(replicaSets, "default", dependent, false, None);
        using var stop = new CancellationTokenSource();
        var collector = new GarbageCollector(fixture.Store, NullLogger<GarbageCollector>.Instance);
        var running = collector.RunAsync(stop.Token);

        await fixture.Store.DeleteAsync(deployments, "default", "web", new DeleteRequest(PropagationPolicy.Background), None);
        for (var i = 0; i < 20; i++)
        {
            await fixture.Store.CreateAsync(configMaps, "default", StoreFixture.Json($"{{\"metadata\":{{\"name\":\"plain-{i}\"}}}}"), false, None);
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await ExistsAsync(fixture, replicaSets, "web-1") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await running;

        await AssertGoneAsync(fixture, replicaSets, "web-1");
        Assert.True(await ExistsAsync(fixture, configMaps, "plain-19"));
    }

    private static async Task<bool> ExistsAsync(StoreFixture fixture, Berth.ApiServer.Resources.ResourceDefinition resource, string name)
    {
        try
        {
            await fixture.Store.GetAsync(resource, "default", name, None);
            return true;
        }
        catch (ApiException gone) when (gone.Code == 404)
        {
            return false;
        }
    }

    private static async Task<long> CurrentRevisionAsync(StoreFixture fixture)
    {
        var page = await fixture.Store.ListAsync(StoreFixture.Resource("", "namespaces"), null, new ListRequest(Berth.Client.Selectors.LabelSelector.Everything, Berth.ApiServer.Selectors.FieldSelector.Everything), None);
        return page.Revision;
    }

    private static async Task AssertGoneAsync(StoreFixture fixture, Berth.ApiServer.Resources.ResourceDefinition resource, string name, string? ns = "default")
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.GetAsync(resource, resource.Namespaced ? ns : null, name, None));
        Assert.Equal(404, error.Code);
    }
}
