using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.Patching;

public class StrategicMergePatchTests
{
    private static readonly ModelSchema s_deployment = ModelSchema.For(typeof(V1Deployment));
    private static readonly ModelSchema s_pod = ModelSchema.For(typeof(V1Pod));

    private const string TwoContainers = """
        {"spec":{"template":{"spec":{"containers":[
          {"name":"web","image":"nginx:1.0","ports":[{"containerPort":80}]},
          {"name":"log","image":"busybox:1.36","args":["tail"]}]}}}}
        """;

    [Fact]
    public void Apply_ContainerImageChange_PatchesOnlyThatContainer()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"log"}],"containers":[{"image":"busybox:1.37","name":"log"}]}}}}"""),
            s_deployment);
        JsonAssert.Equal(TwoContainers.Replace("busybox:1.36", "busybox:1.37", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Apply_NewContainer_IsAppendedAndOthersKept()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"envoy"}]}}}}"""),
            s_deployment);
        var names = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["web", "log", "side"], names);
    }

    [Fact]
    public void Apply_DeleteDirectiveInList_RemovesElementByMergeKey()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"$patch":"delete","name":"log"}]}}}}"""),
            s_deployment);
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("web", Assert.Single(containers)!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_SetElementOrder_ReordersMergedList()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"log"},{"name":"web"}]}}}}"""),
            s_deployment);
        var names = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["log", "web"], names);
    }

    [Fact]
    public void Apply_ListWithoutStrategy_IsReplaced()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"log","args":["cat"]}]}}}}"""),
            s_deployment);
        JsonAssert.Equal("""["cat"]""", result["spec"]!["template"]!["spec"]!["containers"]![1]!["args"]);
    }

    [Fact]
    public void Apply_EnvByName_MergesAndNullDeletesField()
    {
        var original = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}""");
        var result = StrategicMergePatch.Apply(
            original,
            JsonNode.Parse("""{"spec":{"containers":[{"name":"c","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}"""),
            s_pod);
        JsonAssert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]""", result["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Apply_RetainKeys_ClearsStrategyFieldsNotListed()
    {
        var original = JsonNode.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}""");
        var result = StrategicMergePatch.Apply(
            original,
            JsonNode.Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"""),
            s_deployment);
        JsonAssert.Equal("""{"spec":{"strategy":{"type":"Recreate"}}}""", result);
    }

    [Fact]
    public void Apply_VolumeRetainKeys_SwitchesVolumeSource()
    {
        var original = JsonNode.Parse("""{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","emptyDir":{}}]}}""");
        var result = StrategicMergePatch.Apply(
            original,
            JsonNode.Parse("""{"spec":{"volumes":[{"$retainKeys":["configMap","name"],"name":"v","configMap":{"name":"cm"}}]}}"""),
            s_pod);
        JsonAssert.Equal("""{"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"}},{"name":"w","emptyDir":{}}]}}""", result);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesFinalizer()
    {
        var original = JsonNode.Parse("""{"metadata":{"finalizers":["a","b","c"]}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"""), s_pod);
        JsonAssert.Equal("""{"metadata":{"finalizers":["a","c"]}}""", result);
    }

    [Fact]
    public void Apply_PrimitiveSet_MergesWithoutDuplicates()
    {
        var original = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"]}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"metadata":{"finalizers":["b","c"]}}"""), s_pod);
        JsonAssert.Equal("""{"metadata":{"finalizers":["a","b","c"]}}""", result);
    }

    [Fact]
    public void Apply_ReplaceDirectiveInList_ReplacesWholeList()
    {
        var result = StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}}}"""),
            s_deployment);
        JsonAssert.Equal("""[{"name":"only","image":"x"}]""", result["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ReplaceDirectiveOnMap_ReplacesMap()
    {
        var original = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"metadata":{"labels":{"$patch":"replace","c":"3"}}}"""), s_pod);
        JsonAssert.Equal("""{"metadata":{"labels":{"c":"3"}}}""", result);
    }

    [Fact]
    public void Apply_DeleteDirectiveOnMap_RemovesField()
    {
        var original = JsonNode.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"spec":{"strategy":{"rollingUpdate":{"$patch":"delete"}}}}"""), s_deployment);
        JsonAssert.Equal("""{"spec":{"strategy":{"type":"RollingUpdate"}}}""", result);
    }

    [Fact]
    public void Apply_LabelsMap_MergesKeysAndNullDeletes()
    {
        var original = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"metadata":{"labels":{"a":null,"c":"3"}}}"""), s_pod);
        JsonAssert.Equal("""{"metadata":{"labels":{"b":"2","c":"3"}}}""", result);
    }

    [Fact]
    public void Apply_ServicePortsByPort_MergesAndKeepsNodePort()
    {
        var original = JsonNode.Parse("""{"spec":{"ports":[{"port":80,"targetPort":8080,"nodePort":30080},{"port":443}]}}""");
        var result = StrategicMergePatch.Apply(original, JsonNode.Parse("""{"spec":{"ports":[{"port":80,"targetPort":9090}]}}"""), ModelSchema.For(typeof(V1Service)));
        JsonAssert.Equal("""{"spec":{"ports":[{"port":80,"targetPort":9090,"nodePort":30080},{"port":443}]}}""", result);
    }

    [Fact]
    public void Apply_ElementWithoutMergeKey_Throws400()
    {
        var e = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(
            JsonNode.Parse(TwoContainers),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"""),
            s_deployment));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_UnknownDirective_Throws400()
    {
        var e = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonNode.Parse("{}"), JsonNode.Parse("""{"spec":{"$patch":"explode"}}"""), s_pod));
        Assert.Equal(400, e.StatusCode);
    }
}
