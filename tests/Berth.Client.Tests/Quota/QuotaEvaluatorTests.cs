using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Quota;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Tests.Quota;

public class QuotaEvaluatorTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly QuotaEvaluators s_evaluators = new();

    private static object Read(QuotaEvaluator evaluator, string json) => evaluator.Read(JsonNode.Parse(json)!.AsObject());

    private static string Usage(string group, string resource, string json)
    {
        var evaluator = s_evaluators.For(group, resource)!;
        return ResourceUsage.Format(evaluator.Usage(Read(evaluator, json), s_now));
    }

    private static V1ResourceQuota Quota(string spec) =>
        JsonSerializer.Deserialize($$$"""{"metadata":{"name":"q"},"spec":{{{spec}}}}""", ModelJsonContext.Default.V1ResourceQuota)!;

    [Theory]
    [InlineData("""{"spec":{"containers":[{"name":"a"}]}}""", "count/pods=1,pods=1")]
    [InlineData("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"1"}}},{"name":"b","resources":{"requests":{"cpu":"250m"}}}]}}""",
        "count/pods=1,cpu=500m,limits.cpu=1,memory=64Mi,pods=1,requests.cpu=500m,requests.memory=64Mi")]
    [InlineData("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"100m"}}}],"initContainers":[{"name":"i","resources":{"requests":{"cpu":"2"}}}]}}""",
        "count/pods=1,cpu=2,pods=1,requests.cpu=2")]
    [InlineData("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"example.com/gpu":"2","hugepages-2Mi":"4Mi","ephemeral-storage":"1Gi"},"limits":{"ephemeral-storage":"2Gi"}}}]}}""",
        "count/pods=1,ephemeral-storage=1Gi,hugepages-2Mi=4Mi,limits.ephemeral-storage=2Gi,pods=1,requests.ephemeral-storage=1Gi,requests.example.com/gpu=2,requests.hugepages-2Mi=4Mi")]
    [InlineData("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]},"status":{"phase":"Succeeded"}}""", "count/pods=1")]
    public void PodUsage_IsKubesPodEvaluators(string pod, string usage) => Assert.Equal(usage, Usage("", "pods", pod));

    [Theory]
    [InlineData("""{"spec":{"type":"ClusterIP","ports":[{"port":80}]}}""", "count/services=1,services=1,services.loadbalancers=0,services.nodeports=0")]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"port":80},{"port":81}]}}""", "count/services=1,services=1,services.loadbalancers=0,services.nodeports=2")]
    [InlineData("""{"spec":{"type":"LoadBalancer","allocateLoadBalancerNodePorts":false,"ports":[{"port":80,"nodePort":30001},{"port":81}]}}""", "count/services=1,services=1,services.loadbalancers=1,services.nodeports=1")]
    public void ServiceUsage_CountsNodePortsAndLoadBalancers(string service, string usage) => Assert.Equal(usage, Usage("", "services", service));

    [Fact]
    public void ClaimUsage_ChargesItsStorageClassToo() =>
        Assert.Equal(
            "count/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/requests.storage=5Gi,persistentvolumeclaims=1,requests.storage=5Gi",
            Usage("", "persistentvolumeclaims", """{"spec":{"storageClassName":"gold","resources":{"requests":{"storage":"5Gi"}}}}"""));

    [Theory]
    [InlineData("", "configmaps", "configmaps=1,count/configmaps=1")]
    [InlineData("apps", "deployments", "count/deployments.apps=1")]
    public void OtherResources_CountObjects(string group, string resource, string usage) => Assert.Equal(usage, Usage(group, resource, "{}"));

    [Fact]
    public void EventsAreNeverCounted() => Assert.Null(s_evaluators.For("", "events"));

    [Theory]
    [InlineData("""{"scopes":["BestEffort"]}""", """{"spec":{"containers":[{"name":"a"}]}}""", true)]
    [InlineData("""{"scopes":["BestEffort"]}""", """{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}""", false)]
    [InlineData("""{"scopes":["NotBestEffort"]}""", """{"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"1Gi"}}}]}}""", true)]
    [InlineData("""{"scopes":["Terminating"]}""", """{"spec":{"activeDeadlineSeconds":60,"containers":[{"name":"a"}]}}""", true)]
    [InlineData("""{"scopes":["NotTerminating"]}""", """{"spec":{"activeDeadlineSeconds":60,"containers":[{"name":"a"}]}}""", false)]
    [InlineData("""{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}""", """{"spec":{"priorityClassName":"high"}}""", true)]
    [InlineData("""{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}""", """{"spec":{"priorityClassName":"low"}}""", false)]
    [InlineData("""{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"NotIn","values":["high"]}]}}""", """{"spec":{}}""", true)]
    [InlineData("""{"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"Exists"}]}}""", """{"spec":{}}""", false)]
    public void PodScopes_SelectAsKubes(string spec, string pod, bool matches)
    {
        var evaluator = s_evaluators.For("", "pods")!;
        Assert.Equal(matches, evaluator.Matches(Quota(spec), ["pods"], Read(evaluator, pod)));
    }

    [Fact]
    public void ScopedQuotas_CountNoServices()
    {
        var evaluator = s_evaluators.For("", "services")!;
        Assert.False(evaluator.Matches(Quota("""{"scopes":["BestEffort"]}"""), ["services"], Read(evaluator, "{}")));
        Assert.True(evaluator.Matches(Quota("{}"), ["services"], Read(evaluator, "{}")));
    }

    [Fact]
    public void Constraints_NameEveryContainerMissingAStatedResource()
    {
        var evaluator = s_evaluators.For("", "pods")!;
        var pod = Read(evaluator, """{"spec":{"containers":[{"name":"b","resources":{"limits":{"cpu":"1"}}},{"name":"a"}],"initContainers":[{"name":"init","resources":{"limits":{"memory":"1Gi"},"requests":{"cpu":"1"}}}]}}""");

        Assert.Equal("must specify limits.cpu for: a,init; limits.memory for: a,b", evaluator.Constraints(["limits.cpu", "limits.memory", "pods", "requests.storage"], pod));
        Assert.Null(evaluator.Constraints(["pods", "requests.example.com/gpu"], pod));
    }
}
