using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Quota;
using Berth.Client.Serialization;
using Berth.Controllers.ResourceQuotas;
using k8s.Models;

namespace Berth.Controllers.Tests.ResourceQuotas;

public class QuotaUsageTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static V1ResourceQuota Quota(string json) => JsonSerializer.Deserialize(json, ModelJsonContext.Default.V1ResourceQuota)!;

    private static object Pod(string json) => new PodQuotaEvaluator().Read(JsonNode.Parse(json)!.AsObject());

    private static string Calculate(V1ResourceQuota quota, params object[] pods)
    {
        var evaluators = new QuotaEvaluators();
        return ResourceUsage.Format(QuotaUsage.Calculate(quota, evaluators.Tracking(quota.Spec.Hard.Keys), e => e.Resource == "pods" ? pods : [], s_now));
    }

    [Fact]
    public void Usage_SumsTheObjectsInScope_WithZerosForWhatNothingUses()
    {
        var quota = Quota("""{"metadata":{"name":"q"},"spec":{"hard":{"pods":"10","requests.cpu":"4","configmaps":"3","count/deployments.apps":"2"}}}""");

        var usage = Calculate(quota,
            Pod("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}"""),
            Pod("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"500m"}}}]}}"""),
            Pod("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"2"}}}]},"status":{"phase":"Failed"}}"""));

        Assert.Equal("configmaps=0,count/deployments.apps=0,pods=2,requests.cpu=1500m", usage);
    }

    [Fact]
    public void ScopedUsage_CountsOnlyPodsInScope()
    {
        var quota = Quota("""{"metadata":{"name":"q"},"spec":{"hard":{"pods":"10"},"scopes":["BestEffort"]}}""");

        Assert.Equal("pods=1", Calculate(quota,
            Pod("""{"spec":{"containers":[{"name":"a"}]}}"""),
            Pod("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"memory":"1Gi"}}}]}}""")));
    }

    [Fact]
    public void Status_FollowsSpec_AndIsWrittenOnlyWhenItChanged()
    {
        var quota = Quota("""{"metadata":{"name":"q"},"spec":{"hard":{"pods":"2"}},"status":{"hard":{"pods":"1","secrets":"1"},"used":{"pods":"1","secrets":"0"}}}""");
        var status = QuotaUsage.Status(quota, new Dictionary<string, ResourceQuantity> { ["pods"] = new("1") });

        Assert.Equal("pods=2", ResourceUsage.Format(status.Hard));
        Assert.Equal("pods=1", ResourceUsage.Format(status.Used));
        Assert.True(QuotaUsage.Changed(quota, status));
        quota.Status = status;
        Assert.False(QuotaUsage.Changed(quota, QuotaUsage.Status(quota, new Dictionary<string, ResourceQuantity> { ["pods"] = new("1") })));
        Assert.False(ResourceQuotaController.NeedsSync(quota));
    }
}
