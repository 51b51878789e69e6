using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Tests.Patching;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.FieldManagement;

public class AppliedMergeTests
{
    private static readonly ModelSchema PodSchema = ModelSchema.For(typeof(V1Pod));

    private static JsonObject Containers(string names) => new()
    {
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(names.Split(',').Select(n => (JsonNode)new JsonObject { ["name"] = n, ["image"] = n + ":1" }).ToArray()),
        },
    };

    private static string NamesOf(JsonObject pod) =>
        string.Join(",", pod["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

    [Theory]
    [InlineData("a,b,c", "c,a,d", "b,c,a,d")]
    [InlineData("a,b", "b", "a,b")]
    [InlineData("a", "b,a", "b,a")]
    [InlineData("a,b,c", "d", "a,b,c,d")]
    public void Merge_KeyedList_KeepsLiveOnlyItemsInPlaceAndFollowsTheConfigurationsOrder(string live, string config, string expected)
    {
        var merged = AppliedMerge.Merge(Containers(live), Containers(config), PodSchema);

        Assert.Equal(expected, NamesOf(merged));
    }

    [Fact]
    public void Merge_SharedItem_MergesFieldByFieldAndLeavesTheLiveObjectAlone()
    {
        var live = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:1","imagePullPolicy":"Always"}]}}""")!.AsObject();
        var config = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:2"}]}}""")!.AsObject();

        var merged = AppliedMerge.Merge(live, config, PodSchema);

        JsonAssert.Equal("""[{"name":"a","image":"a:2","imagePullPolicy":"Always"}]""", merged["spec"]!["containers"]);
        Assert.Equal("a:1", live["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_PortWithoutProtocol_MatchesTheDefaultedTcpPortNotTheUdpOne()
    {
        var live = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":53,"protocol":"UDP"},{"containerPort":53,"protocol":"TCP"}]}]}}""")!.AsObject();
        var config = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":53,"name":"dns"}]}]}}""")!.AsObject();

        var merged = AppliedMerge.Merge(live, config, PodSchema);

        JsonAssert.Equal("""[{"containerPort":53,"protocol":"UDP"},{"containerPort":53,"protocol":"TCP","name":"dns"}]""", merged["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Merge_AtomicListAndSelector_AreReplacedWhole()
    {
        var live = JsonNode.Parse("""{"spec":{"tolerations":[{"key":"a"}],"containers":[{"name":"a","command":["x","y"]}]}}""")!.AsObject();
        var config = JsonNode.Parse("""{"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"a","command":["z"]}]}}""")!.AsObject();

        var merged = AppliedMerge.Merge(live, config, PodSchema);

        JsonAssert.Equal("""[{"key":"b"}]""", merged["spec"]!["tolerations"]);
        JsonAssert.Equal("""["z"]""", merged["spec"]!["containers"]![0]!["command"]);
    }

    [Fact]
    public void Merge_Finalizers_AreASetUnionInTheConfigurationsOrder()
    {
        var live = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"]}}""")!.AsObject();
        var config = JsonNode.Parse("""{"metadata":{"finalizers":["c","a"]}}""")!.AsObject();

        var merged = AppliedMerge.Merge(live, config, PodSchema);

        JsonAssert.Equal("""["c","a","b"]""", merged["metadata"]!["finalizers"]);
    }
}
