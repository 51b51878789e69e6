using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Strategies.Node;

namespace Berth.ApiServer.Tests.Strategies;

public class RuntimeClassAdmissionTests
{
    private const string Class = """
        {"handler":"runc","overhead":{"podFixed":{"cpu":"250m"}},
         "scheduling":{"nodeSelector":{"sandbox":"yes"},"tolerations":[{"key":"sandbox","operator":"Exists"}]}}
        """;

    [Fact]
    public void Apply_GivesThePodTheClasssOverheadNodeSelectorAndTolerations()
    {
        var pod = Pod("""{"nodeSelector":{"zone":"a"},"tolerations":[{"key":"sandbox","operator":"Exists"},{"key":"other","operator":"Exists"}]}""");

        RuntimeClassAdmission.Apply(pod, JsonNode.Parse(Class)!.AsObject());

        Assert.Equal("""{"cpu":"250m"}""", pod["spec"]!["overhead"]!.ToJsonString());
        Assert.Equal("""{"zone":"a","sandbox":"yes"}""", pod["spec"]!["nodeSelector"]!.ToJsonString());
        Assert.Equal(2, pod["spec"]!["tolerations"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"overhead":{"cpu":"1"}}""", "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead")]
    [InlineData("""{"nodeSelector":{"sandbox":"no"}}""", "pod rejected: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = yes; pod.spec.nodeSelector[sandbox] = no")]
    public void Apply_APodThatStatesOtherwise_IsForbidden(string spec, string message)
    {
        var error = Assert.Throws<ApiException>(() => RuntimeClassAdmission.Apply(Pod(spec), JsonNode.Parse(Class)!.AsObject()));

        Assert.Equal(403, error.Code);
        Assert.Contains(message, error.Message);
    }

    private static JsonObject Pod(string spec) => new() { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = JsonNode.Parse(spec) };
}
