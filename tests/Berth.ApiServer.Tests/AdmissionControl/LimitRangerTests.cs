using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.Strategies.Core;

namespace Berth.ApiServer.Tests.AdmissionControl;

public class LimitRangerTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Range(string limits)
    {
        var range = Obj($$$"""{"metadata":{"name":"lr"},"spec":{"limits":{{{limits}}}}}""");
        new LimitRangeStrategy().Default(range);
        return range;
    }

    private static JsonObject Pod(string containers, string initContainers = "[]") =>
        Obj($$$"""{"metadata":{"name":"p"},"spec":{"containers":{{{containers}}},"initContainers":{{{initContainers}}}}}""");

    [Fact]
    public void LimitRangeDefaults_LimitFromMax_RequestFromLimitThenMin()
    {
        var range = Range("""[{"type":"Container","max":{"cpu":"1"},"min":{"memory":"64Mi"},"default":{"memory":"256Mi"}},{"type":"Pod","max":{"cpu":"2"}}]""");

        var container = range["spec"]!["limits"]![0]!;
        Assert.Equal("""{"memory":"256Mi","cpu":"1"}""", container["default"]!.ToJsonString());
        Assert.Equal("""{"memory":"256Mi","cpu":"1"}""", container["defaultRequest"]!.ToJsonString());
        Assert.Null(range["spec"]!["limits"]![1]!["default"]);
    }

    [Fact]
    public void ApplyDefaults_FillsOnlyWhatIsMissing_AndNotesIt()
    {
        var pod = Pod("""[{"name":"app","resources":{"limits":{"cpu":"500m"}}},{"name":"full","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}}]""", """[{"name":"setup"}]""");

        LimitRanger.ApplyDefaults(pod, [Range("""[{"type":"Container","default":{"cpu":"200m","memory":"128Mi"},"defaultRequest":{"cpu":"100m","memory":"64Mi"}}]""")]);

        Assert.Equal("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"64Mi"}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("""{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}""", pod["spec"]!["containers"]![1]!["resources"]!.ToJsonString());
        Assert.Equal(
            "LimitRanger plugin set: cpu, memory request for container app; memory limit for container app; cpu, memory request for init container setup; cpu, memory limit for init container setup",
            pod["metadata"]!["annotations"]![LimitRanger.Annotation]!.GetValue<string>());
    }

    [Fact]
    public void ApplyDefaults_WithNothingToSet_LeavesNoAnnotation()
    {
        var pod = Pod("""[{"name":"app"}]""");

        LimitRanger.ApplyDefaults(pod, [Range("""[{"type":"Pod","min":{"ephemeral-storage":"1"}}]""")]);

        Assert.Null(pod["metadata"]!["annotations"]);
    }

    [Theory]
    [InlineData("""{"limits":{"cpu":"1500m"},"requests":{"cpu":"300m"}}""", "maximum cpu usage per Container is 800m, but limit is 1500m")]
    [InlineData("""{"limits":{"cpu":"800m"},"requests":{"cpu":"900m"}}""", "maximum cpu usage per Container is 800m, but request is 900m")]
    [InlineData("""{"requests":{"cpu":"300m"}}""", "maximum cpu usage per Container is 800m.  No limit is specified")]
    [InlineData("""{"limits":{"cpu":"500m"},"requests":{"cpu":"100m"}}""", "minimum cpu usage per Container is 200m, but request is 100m")]
    [InlineData("""{"limits":{"cpu":"500m"}}""", "minimum cpu usage per Container is 200m.  No request is specified")]
    [InlineData("""{"limits":{"cpu":"0.8"},"requests":{"cpu":"0.2"}}""", null)]
    public void ContainerMinAndMax_KubesWording(string resources, string? expected)
    {
        var pod = Pod($$"""[{"name":"app","resources":{{resources}}}]""");

        var errors = LimitRanger.PodViolations(pod, [Range("""[{"type":"Container","min":{"cpu":"200m"},"max":{"cpu":"800m"}}]""")]);

        Assert.Equal(expected is null ? [] : [expected], errors);
    }

    [Theory]
    [InlineData("""{"limits":{"memory":"1Gi"},"requests":{"memory":"256Mi"}}""", "memory max limit to request ratio per Container is 2, but provided ratio is 4.000000")]
    [InlineData("""{"limits":{"memory":"512Mi"},"requests":{"memory":"256Mi"}}""", null)]
    [InlineData("""{"limits":{"memory":"512Mi"}}""", "memory max limit to request ratio per Container is 2, but no request is specified or request is 0")]
    [InlineData("""{"requests":{"memory":"512Mi"}}""", "memory max limit to request ratio per Container is 2, but no limit is specified or limit is 0")]
    public void MaxLimitRequestRatio_KubesWording(string resources, string? expected)
    {
        var pod = Pod($$"""[{"name":"app","resources":{{resources}}}]""");

        var errors = LimitRanger.PodViolations(pod, [Range("""[{"type":"Container","maxLimitRequestRatio":{"memory":"2"}}]""")]);

        Assert.Equal(expected is null ? [] : [expected], errors);
    }

    [Fact]
    public void PodMax_CountsTheContainersSummed_AndInitContainersAsAFloor()
    {
        var range = Range("""[{"type":"Pod","max":{"memory":"1Gi"}}]""");
        var summed = Pod("""[{"name":"a","resources":{"limits":{"memory":"600Mi"}}},{"name":"b","resources":{"limits":{"memory":"600Mi"}}}]""");
        var initLarger = Pod("""[{"name":"a","resources":{"limits":{"memory":"100Mi"}}}]""", """[{"name":"i","resources":{"limits":{"memory":"2Gi"}}}]""");
        var fits = Pod("""[{"name":"a","resources":{"limits":{"memory":"512Mi"}}},{"name":"b","resources":{"limits":{"memory":"512Mi"}}}]""");

        Assert.Equal(["maximum memory usage per Pod is 1Gi, but limit is 1200Mi"], LimitRanger.PodViolations(summed, [range]));
        Assert.Equal(["maximum memory usage per Pod is 1Gi, but limit is 2Gi"], LimitRanger.PodViolations(initLarger, [range]));
        Assert.Empty(LimitRanger.PodViolations(fits, [range]));
    }

    [Fact]
    public void ClaimStorage_HeldToMinAndMaxOfItsRequest()
    {
        var range = Range("""[{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"2Gi"}}]""");
        JsonObject Claim(string storage) => Obj("""{"spec":{"resources":{"requests":{"storage":""" + $"\"{storage}\"" + "}}}}");

        Assert.Equal(["maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi"], LimitRanger.ClaimViolations(Claim("5Gi"), [range]));
        Assert.Equal(["minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"], LimitRanger.ClaimViolations(Claim("500Mi"), [range]));
        Assert.Empty(LimitRanger.ClaimViolations(Claim("1536Mi"), [range]));
    }
}
