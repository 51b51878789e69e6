using System.Text.Json.Nodes;
using Berth.ApiServer.Strategies.Core;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

public class DefaultingTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Apply_Deployment_SetsKubernetesDefaults()
    {
        var d = Obj("""{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}""");
        KindStrategies.For(new GroupVersionKind("apps", "v1", "Deployment")).Default(d);
        var spec = d["spec"]!;
        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
        Assert.Equal("RollingUpdate", spec["strategy"]!["type"]!.GetValue<string>());
        Assert.Equal("25%", spec["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>());
        Assert.Equal("25%", spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<string>());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, spec["progressDeadlineSeconds"]!.GetValue<int>());
        var pod = spec["template"]!["spec"]!;
        Assert.Equal("Always", pod["restartPolicy"]!.GetValue<string>());
        Assert.Equal("ClusterFirst", pod["dnsPolicy"]!.GetValue<string>());
        Assert.Equal("default-scheduler", pod["schedulerName"]!.GetValue<string>());
        Assert.Equal(30, pod["terminationGracePeriodSeconds"]!.GetValue<int>());
        var container = pod["containers"]![0]!;
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", container["terminationMessagePath"]!.GetValue<string>());
        Assert.Equal("File", container["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("TCP", container["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Null(pod["serviceAccountName"]);
    }

    [Fact]
    public void Apply_RecreateStrategy_AddsNoRollingUpdate()
    {
        var d = Obj("""{"spec":{"strategy":{"type":"Recreate"}}}""");
        KindStrategies.For(new GroupVersionKind("apps", "v1", "Deployment")).Default(d);
        Assert.Null(d["spec"]!["strategy"]!["rollingUpdate"]);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("localhost:5000/nginx", "Always")]
    [InlineData("localhost:5000/nginx:1.2", "IfNotPresent")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void Apply_PodImageTag_PicksPullPolicy(string image, string expected)
    {
        var pod = Obj($$$"""{"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Pod")).Default(pod);
        Assert.Equal(expected, pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Pod_SetsAdmissionDefaultsAndPendingStatus()
    {
        var pod = Obj("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Pod")).Default(pod);
        Assert.Equal("default", pod["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.Equal(2, pod["spec"]!["tolerations"]!.AsArray().Count);
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Guaranteed", pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Pod_DefaultTolerationSecondsFromTheServerKeepThePodsOwn()
    {
        var pod = Obj("""{"spec":{"containers":[{"name":"c","image":"nginx"}],"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":7}]}}""");

        new PodStrategy(new DefaultTolerationSeconds(NotReady: 40, Unreachable: 60)).Default(pod);

        var tolerations = pod["spec"]!["tolerations"]!.AsArray().Select(t => (t!["key"]!.GetValue<string>(), t["tolerationSeconds"]!.GetValue<long>()));
        Assert.Equal([("node.kubernetes.io/unreachable", 7L), ("node.kubernetes.io/not-ready", 40L)], tolerations);
    }

    [Fact]
    public void Apply_Twice_IsIdempotent()
    {
        var pod = Obj("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}],"volumes":[{"name":"v"}]}}""");
        var gvk = new GroupVersionKind("", "v1", "Pod");
        KindStrategies.For(gvk).Default(pod);
        var once = pod.ToJsonString();
        KindStrategies.For(gvk).Default(pod);
        Assert.Equal(once, pod.ToJsonString());
        Assert.NotNull(pod["spec"]!["volumes"]![0]!["emptyDir"]);
    }

    [Fact]
    public void Apply_Service_TypeAffinityProtocolAndTargetPort()
    {
        var svc = Obj("""{"spec":{"ports":[{"port":80},{"port":53,"protocol":"UDP","targetPort":5353}]}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Service")).Default(svc);
        Assert.Equal("ClusterIP", svc["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("None", svc["spec"]!["sessionAffinity"]!.GetValue<string>());
        Assert.Equal("TCP", svc["spec"]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal(80, svc["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
        Assert.Equal(5353, svc["spec"]!["ports"]![1]!["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public void ApplyUpdate_ServiceWithoutClusterIp_KeepsAllocatedValues()
    {
        var old = Obj("""{"spec":{"type":"NodePort","clusterIP":"10.43.0.7","clusterIPs":["10.43.0.7"],"ports":[{"port":80,"protocol":"TCP","nodePort":30001}]}}""");
        var updated = Obj("""{"spec":{"type":"NodePort","ports":[{"port":80}]}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Service")).DefaultUpdate(updated, old);
        Assert.Equal("10.43.0.7", updated["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(30001, updated["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_SecretStringData_MergedIntoDataAsBase64()
    {
        var secret = Obj("""{"metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"b":"hello"}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Secret")).Default(secret);
        Assert.Null(secret["stringData"]);
        Assert.Equal("aGVsbG8=", secret["data"]!["b"]!.GetValue<string>());
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_JobWithUid_GeneratesSelectorAndLabels()
    {
        var job = Obj("""{"metadata":{"name":"pi","uid":"u-1"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"perl"}]}}}}""");
        KindStrategies.For(new GroupVersionKind("batch", "v1", "Job")).Default(job);
        Assert.Equal("u-1", job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("pi", job["spec"]!["template"]!["metadata"]!["labels"]!["job-name"]!.GetValue<string>());
        Assert.Equal(6, job["spec"]!["backoffLimit"]!.GetValue<int>());
        Assert.Equal(1, job["spec"]!["completions"]!.GetValue<int>());
        Assert.Equal("TerminatingOrFailed", job["spec"]!["podReplacementPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_JobWithPerIndexLimitAndFailurePolicy_NoGlobalLimitAndOnlyFailedPodsReplaced()
    {
        var job = Obj("""{"metadata":{"name":"pi"},"spec":{"completions":3,"completionMode":"Indexed","backoffLimitPerIndex":1,"podFailurePolicy":{"rules":[]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"perl"}]}}}}""");
        KindStrategies.For(new GroupVersionKind("batch", "v1", "Job")).Default(job);
        Assert.Equal(int.MaxValue, job["spec"]!["backoffLimit"]!.GetValue<int>());
        Assert.Equal("Failed", job["spec"]!["podReplacementPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Namespace_ActivePhaseAndNameLabel()
    {
        var ns = Obj("""{"metadata":{"name":"team-a"}}""");
        KindStrategies.For(new GroupVersionKind("", "v1", "Namespace")).Default(ns);
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("team-a", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Fact]
    public void DefaultUpdate_NamespaceWithoutFinalizers_StaysWithout()
    {
        var strategy = KindStrategies.For(new GroupVersionKind("", "v1", "Namespace"));
        var created = Obj("""{"metadata":{"name":"team-a"}}""");
        strategy.PrepareForCreate(created);
        strategy.Default(created);
        var finalized = Obj("""{"metadata":{"name":"team-a"},"spec":{}}""");

        strategy.DefaultUpdate(finalized, created);

        Assert.Equal(["kubernetes"], created["spec"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Null(finalized["spec"]!["finalizers"]);
    }
}
