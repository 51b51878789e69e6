using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.Tests.Registry;

public sealed class PodBindingJsonTests
{
    private const string Now = "2026-12-06T15:00:00Z";
    private const string Scheduled = """{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-06T15:00:00Z"}""";

    [Theory]
    // No status and no nodeName: both are added; resourceVersion (the cache's, never stored) is left out.
    [InlineData(
        """{"metadata":{"name":"p","labels":{"a":"b"},"resourceVersion":"7"},"spec":{"containers":[{"name":"c"}]}}""",
        """{"metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c"}],"nodeName":"n1"},"status":{"conditions":[""" + Scheduled + "]}}")]
    // An empty nodeName is replaced; a status without conditions gets them.
    [InlineData(
        """{"metadata":{"name":"p"},"spec":{"nodeName":"","restartPolicy":"Always"},"status":{"phase":"Pending"}}""",
        """{"metadata":{"name":"p"},"spec":{"restartPolicy":"Always","nodeName":"n1"},"status":{"phase":"Pending","conditions":[""" + Scheduled + "]}}")]
    // PodScheduled False (a failed attempt) is replaced in its place; other conditions stay as they were.
    [InlineData(
        """{"metadata":{"name":"p"},"spec":{},"status":{"conditions":[{"type":"X","status":"True"},{"type":"PodScheduled","status":"False","reason":"Unschedulable"},{"type":"Y","status":"False"}]}}""",
        """{"metadata":{"name":"p"},"spec":{"nodeName":"n1"},"status":{"conditions":[{"type":"X","status":"True"},""" + Scheduled + """,{"type":"Y","status":"False"}]}}""")]
    // PodScheduled already True keeps its time; no spec at all gets one.
    [InlineData(
        """{"metadata":{"name":"p"},"status":{"conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""",
        """{"metadata":{"name":"p"},"status":{"conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]},"spec":{"nodeName":"n1"}}""")]
    // Members are copied as stored, escapes and all; a null deletionTimestamp is not a deletion.
    [InlineData(
        """{"metadata":{"name":"p","deletionTimestamp":null,"annotations":{"a\u002bb":"x\"y"}},"spec":{"nodeName":null}}""",
        """{"metadata":{"name":"p","deletionTimestamp":null,"annotations":{"a+b":"x\"y"}},"spec":{"nodeName":"n1"},"status":{"conditions":[""" + Scheduled + "]}}")]
    public void Bind_SetsNodeNameAndPodScheduled_AndKeepsEverythingElse(string pod, string expected)
    {
        var bound = PodBindingJson.Bind(Encoding.UTF8.GetBytes(pod), "p", "n1", Now);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(bound)), Encoding.UTF8.GetString(bound));
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"nodeName":"n0"}}""", "pod p is already assigned to node \"n0\"")]
    [InlineData("""{"metadata":{"name":"p","deletionTimestamp":"2026-12-06T14:00:00Z"},"spec":{}}""", "pod is being deleted")]
    public void Bind_ABoundOrDeletingPod_IsAConflict(string pod, string why)
    {
        var error = Assert.Throws<ApiException>(() => PodBindingJson.Bind(Encoding.UTF8.GetBytes(pod), "p", "n1", Now));

        Assert.Equal(409, error.Code);
        Assert.EndsWith(why, error.Message);
    }

    [Fact]
    public void Bind_AfterALargerPodAndAConflictOnTheSameThread_WritesOnlyThisPod()
    {
        var large = $$$"""{"metadata":{"name":"p","annotations":{"a":"{{{new string('x', 100_000)}}}"}},"spec":{}}""";
        PodBindingJson.Bind(Encoding.UTF8.GetBytes(large), "p", "n1", Now);
        Assert.Throws<ApiException>(() => PodBindingJson.Bind("""{"metadata":{"name":"p"},"spec":{"nodeName":"n0","x":[1,2"""u8.ToArray(), "p", "n1", Now));
        Assert.Throws<ApiException>(() => PodBindingJson.Bind("""{"metadata":{"name":"p"},"spec":{"nodeName":"n0"}}"""u8.ToArray(), "p", "n1", Now));

        var bound = PodBindingJson.Bind("""{"metadata":{"name":"p"}}"""u8.ToArray(), "p", "n1", Now);

        Assert.Equal("""{"metadata":{"name":"p"},"spec":{"nodeName":"n1"},"status":{"conditions":[""" + Scheduled + "]}}", Encoding.UTF8.GetString(bound));
    }
}
