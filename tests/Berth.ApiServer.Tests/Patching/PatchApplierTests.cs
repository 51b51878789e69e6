using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Patching;

public class PatchApplierTests
{
    private static readonly GroupVersionKind s_deployment = new("apps", "v1", "Deployment");

    private static readonly JsonNode s_current = JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}}}
        """)!;

    [Fact]
    public void Apply_StrategicMergePatchWithCharset_MergesContainers()
    {
        var result = PatchApplier.Apply(s_current, "application/strategic-merge-patch+json; charset=utf-8",
            Encoding.UTF8.GetBytes("""{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"z"}]}}}}"""), s_deployment);
        Assert.Equal(2, result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        Assert.Equal("z", result["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_MergePatch_ReplacesContainerList()
    {
        var result = PatchApplier.Apply(s_current, PatchContentTypes.MergePatch,
            Encoding.UTF8.GetBytes("""{"spec":{"replicas":4,"template":{"spec":{"containers":[{"name":"b","image":"z"}]}}}}"""), s_deployment);
        Assert.Equal(4, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Single(result["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public void Apply_JsonPatch_ReplacesReplicas()
    {
        var result = PatchApplier.Apply(s_current, PatchContentTypes.JsonPatch,
            Encoding.UTF8.GetBytes("""[{"op":"replace","path":"/spec/replicas","value":3}]"""), s_deployment);
        Assert.Equal(3, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, s_current["spec"]!["replicas"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("text/plain", 415)]
    [InlineData("application/json", 415)]
    [InlineData("application/apply-patch+yaml", 415)]
    public void Apply_UnsupportedContentType_Throws415(string contentType, int status)
    {
        var e = Assert.Throws<PatchException>(() => PatchApplier.Apply(s_current, contentType, "{}"u8, s_deployment));
        Assert.Equal(status, e.StatusCode);
        Assert.Equal("UnsupportedMediaType", e.Reason);
    }

    [Theory]
    [InlineData(PatchContentTypes.MergePatch, "{not json")]
    [InlineData(PatchContentTypes.StrategicMergePatch, "[1,2]")]
    [InlineData(PatchContentTypes.JsonPatch, "{}")]
    [InlineData(PatchContentTypes.StrategicMergePatch, "")]
    public void Apply_MalformedBody_Throws400(string contentType, string body)
    {
        var e = Assert.Throws<PatchException>(() => PatchApplier.Apply(s_current, contentType, Encoding.UTF8.GetBytes(body), s_deployment));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("BadRequest", e.Reason);
    }

    [Fact]
    public void Apply_DeeplyNestedBody_Throws400()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);
        var e = Assert.Throws<PatchException>(() => PatchApplier.Apply(s_current, PatchContentTypes.MergePatch, Encoding.UTF8.GetBytes(body), s_deployment));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_PatchLeavesNonObject_Throws422()
    {
        var e = Assert.Throws<PatchException>(() => PatchApplier.Apply(s_current, PatchContentTypes.MergePatch, "[1]"u8, s_deployment));
        Assert.Equal(422, e.StatusCode);
    }
}
