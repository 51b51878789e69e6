using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl.ResourceQuotas;
using Berth.Client.Quota;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.ApiServer.Tests.AdmissionControl.ResourceQuotas;

public class QuotaCheckTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly QuotaEvaluators s_evaluators = new();

    private static V1ResourceQuota Quota(string name, string hard, string? used, string spec = "{}")
    {
        var status = used is null ? $$"""{"hard":{{hard}}}""" : $$"""{"hard":{{hard}},"used":{{used}}}""";
        return JsonSerializer.Deserialize($$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{spec}}},"status":{{{status}}}}""", ModelJsonContext.Default.V1ResourceQuota)!;
    }

    private static QuotaCheck Check(string resource, string obj, string? old, params V1ResourceQuota[] quotas)
    {
        var evaluator = s_evaluators.For("", resource)!;
        return QuotaCheck.Check(quotas, evaluator, evaluator.Read(JsonNode.Parse(obj)!.AsObject()),
            old is null ? null : evaluator.Read(JsonNode.Parse(old)!.AsObject()), s_now);
    }

    private const string Pod = """{"spec":{"containers":[{"name":"app","resources":{"requests":{"cpu":"500m"},"limits":{"cpu":"1"}}}]}}""";

    [Theory]
    [InlineData("""{"pods":"2"}""", """{"pods":"2"}""", "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2")]
    [InlineData("""{"pods":"5","requests.cpu":"1"}""", """{"pods":"1","requests.cpu":"600m"}""", "exceeded quota: q, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1")]
    [InlineData("""{"limits.cpu":"1","limits.memory":"1Gi"}""", """{"limits.cpu":"0","limits.memory":"0"}""", "failed quota: q: must specify limits.memory for: app")]
    [InlineData("""{"pods":"2","cpu":"4"}""", null, "status unknown for quota: q, resources: cpu,pods")]
    public void APodBeyondAQuota_IsRefusedInKubesWords(string hard, string? used, string refusal) =>
        Assert.Equal(refusal, Check("pods", Pod, null, Quota("q", hard, used)).Refusal);

    [Fact]
    public void APodWithinQuotas_ChargesEachMatchingOne()
    {
        var check = Check("pods", Pod, null,
            Quota("compute", """{"pods":"3","requests.cpu":"2"}""", """{"pods":"1","requests.cpu":"500m"}"""),
            Quota("besteffort", """{"pods":"1"}""", """{"pods":"1"}""", """{"scopes":["BestEffort"]}"""),
            Quota("other", """{"services":"1"}""", """{"services":"0"}"""));

        Assert.Null(check.Refusal);
        Assert.Equal(["compute"], check.Used.Keys);
        Assert.Equal("pods=2,requests.cpu=1", ResourceUsage.Format(check.Used["compute"]));
    }

    [Fact]
    public void AnUpdate_IsChargedOnlyWhatItAdds()
    {
        var quota = Quota("q", """{"services.nodeports":"2","services":"5"}""", """{"services.nodeports":"1","services":"1"}""");
        const string ClusterIp = """{"spec":{"type":"ClusterIP","ports":[{"port":80}]}}""";
        const string NodePort = """{"spec":{"type":"NodePort","ports":[{"port":80},{"port":81}]}}""";

        Assert.Equal("exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=1, limited: services.nodeports=2",
            Check("services", NodePort, ClusterIp, quota).Refusal);
        var shrink = Check("services", ClusterIp, NodePort, quota);
        Assert.Null(shrink.Refusal);
        Assert.Empty(shrink.Used);
    }
}
