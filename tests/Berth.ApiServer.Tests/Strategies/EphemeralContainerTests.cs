using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Tests.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

/// <summary>Ephemeral containers, as `kubectl debug` adds them: only through the ephemeralcontainers subresource, only added, never changed.</summary>
public class EphemeralContainerTests
{
    private static readonly GroupVersionKind s_pod = new("", "v1", "Pod");
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonObject Pod(string ephemeral = "") => JsonNode.Parse($$$"""
        {"metadata":{"name":"p"},"spec":{"containers":[{"name":"main","image":"nginx"}]{{{ephemeral}}}}}
        """)!.AsObject();

    private static JsonObject Debugger(string name = "debugger", string extra = "") =>
        JsonNode.Parse($$$"""{"name":"{{{name}}}","image":"busybox","targetContainerName":"main"{{{extra}}}}""")!.AsObject();

    private static JsonObject WithEphemeral(JsonObject pod, params JsonObject[] containers)
    {
        var copy = (JsonObject)pod.DeepClone();
        copy["spec"]!["ephemeralContainers"] = new JsonArray([.. containers]);
        KindStrategies.For(s_pod).Default(copy);
        return copy;
    }

    private static IReadOnlyList<FieldError> Update(JsonObject updated, JsonObject old) =>
        KindStrategies.For(s_pod).ValidateUpdate(updated, old, UpdateTarget.EphemeralContainers);

    [Fact]
    public void Create_WithEphemeralContainers_IsForbidden()
    {
        var pod = WithEphemeral(Pod(), Debugger());

        var error = Assert.Single(KindStrategies.For(s_pod).ValidateCreate(pod));

        Assert.Equal("spec.ephemeralContainers: Forbidden: cannot be set on create", error.ToString());
    }

    [Fact]
    public void Subresource_AddingOne_IsValid_ButTheMainUpdateMayNotAddIt()
    {
        var old = Pod();
        KindStrategies.For(s_pod).Default(old);
        var debugged = WithEphemeral(old, Debugger());

        Assert.Empty(Update(debugged, old));
        Assert.Equal("spec", Assert.Single(KindStrategies.For(s_pod).ValidateUpdate(debugged, old)).Field);
    }

    [Fact]
    public void Subresource_ExistingOnes_MayNotBeRemovedOrChanged()
    {
        var old = WithEphemeral(Pod(), Debugger("one"), Debugger("two"));
        var changed = WithEphemeral(Pod(), Debugger("one", ""","command":["sh"]"""));

        var errors = Update(changed, old).Select(e => e.ToString()).ToList();

        Assert.Equal(
            [
                "spec.ephemeralContainers.one: Forbidden: existing ephemeral containers \"one\" may not be changed",
                "spec.ephemeralContainers: Forbidden: existing ephemeral containers \"two\" may not be removed",
            ], errors);
    }

    [Fact]
    public void EphemeralContainer_PortsProbesResourcesSubPathAndAMissingTarget_AreRejected()
    {
        var old = Pod("""
            ,"volumes":[{"name":"data","emptyDir":{}}]
            """);
        KindStrategies.For(s_pod).Default(old);
        var bad = WithEphemeral(old, Debugger("dbg", """
            ,"ports":[{"containerPort":80}],"readinessProbe":{"exec":{"command":["true"]}},"resources":{"limits":{"cpu":"1"}},
            "volumeMounts":[{"name":"data","mountPath":"/d","subPath":"x"}]
            """));
        bad["spec"]!["ephemeralContainers"]![0]!["targetContainerName"] = "nope";

        var errors = Update(bad, old).Select(e => e.ToString()).ToList();

        Assert.Contains("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container", errors);
        Assert.Contains("spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container", errors);
        Assert.Contains("spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container", errors);
        Assert.Contains("spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container", errors);
        Assert.Contains("spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"", errors);
    }

    [Fact]
    public void EphemeralContainer_NamedLikeAnAppContainer_IsADuplicate()
    {
        var old = Pod();
        KindStrategies.For(s_pod).Default(old);

        var error = Assert.Single(Update(WithEphemeral(old, Debugger("main")), old));

        Assert.Equal("spec.ephemeralContainers[0].name: Duplicate value: \"main\"", error.ToString());
    }

    [Fact]
    public async Task Store_SubresourceWrite_ChangesOnlyTheEphemeralContainers()
    {
        await using var fixture = await StoreFixture.StartAsync();
        var pods = StoreFixture.Resource("", "pods");
        await fixture.Store.CreateAsync(pods, "default", Pod(), WriteOptions.Server, None);

        var written = await fixture.Store.UpdateAsync(pods, "default", "p", current =>
        {
            current["spec"]!["ephemeralContainers"] = new JsonArray(Debugger());
            current["spec"]!["containers"]![0]!["image"] = "nginx:2";
            current["metadata"]!["labels"] = new JsonObject { ["sneaked"] = "in" };
            return current;
        }, UpdateTarget.EphemeralContainers, WriteOptions.Server, None);

        Assert.Equal("debugger", written["spec"]!["ephemeralContainers"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("File", written["spec"]!["ephemeralContainers"]![0]!["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("nginx", written["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(written["metadata"]!["labels"]);
        var removal = await Assert.ThrowsAsync<ApiException>(() => fixture.Store.UpdateAsync(pods, "default", "p", current =>
        {
            current["spec"]!.AsObject().Remove("ephemeralContainers");
            return current;
        }, UpdateTarget.EphemeralContainers, WriteOptions.Server, None));
        Assert.Equal(422, removal.Code);
    }
}
