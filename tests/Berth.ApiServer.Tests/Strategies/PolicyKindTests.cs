using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Strategies.Scheduling;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

/// <summary>PriorityClass and PodDisruptionBudget rules, and the Priority admission's resolution (after kube's validation and admission tests).</summary>
public class PolicyKindTests
{
    private static readonly GroupVersionKind s_priorityClass = new("scheduling.k8s.io", "v1", "PriorityClass");
    private static readonly GroupVersionKind s_budget = new("policy", "v1", "PodDisruptionBudget");

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static string[] Create(GroupVersionKind gvk, string json)
    {
        var obj = Obj(json);
        KindStrategies.For(gvk).Default(obj);
        return [.. KindStrategies.For(gvk).ValidateCreate(obj).Select(e => e.ToString())];
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"high"},"value":1000}""", "")]
    [InlineData("""{"metadata":{"name":"top"},"value":1000000000}""", "")]
    [InlineData("""{"metadata":{"name":"too-high"},"value":1000000001}""", "value: Forbidden: maximum allowed value of a user defined priority is 1000000000")]
    [InlineData("""{"metadata":{"name":"system-node-critical"},"value":2000001000}""", "")]
    [InlineData("""{"metadata":{"name":"system-cluster-critical"},"value":5}""",
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000")]
    [InlineData("""{"metadata":{"name":"system-mine"},"value":5}""",
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class")]
    [InlineData("""{"metadata":{"name":"p"},"value":1,"preemptionPolicy":"Sometimes"}""",
        "preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"Never\", \"PreemptLowerPriority\"")]
    public void PriorityClass_ValidateCreate(string json, string expected)
    {
        Assert.Equal(expected, string.Join("; ", Create(s_priorityClass, json)));
    }

    [Fact]
    public void PriorityClass_Default_PreemptLowerPriority()
    {
        var pc = Obj("""{"metadata":{"name":"p"},"value":1}""");
        KindStrategies.For(s_priorityClass).Default(pc);
        Assert.Equal("PreemptLowerPriority", pc["preemptionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void PriorityClass_Update_ValueAndPolicyImmutable()
    {
        var old = Obj("""{"metadata":{"name":"p"},"value":1,"preemptionPolicy":"Never"}""");
        var changed = Obj("""{"metadata":{"name":"p"},"value":2,"preemptionPolicy":"PreemptLowerPriority","description":"new"}""");
        var errors = KindStrategies.For(s_priorityClass).ValidateUpdate(changed, old).Select(e => e.ToString());
        Assert.Equal(["value: Forbidden: may not be changed in an update.", "preemptionPolicy: Invalid value: \"PreemptLowerPriority\": field is immutable"], errors);
    }

    [Fact]
    public void PriorityClass_DeleteSystemClass_Forbidden()
    {
        var strategy = KindStrategies.For(s_priorityClass);
        var error = Assert.Throws<ApiException>(() => strategy.CheckDelete(Obj("""{"metadata":{"name":"system-node-critical"}}""")));
        Assert.Equal(403, error.Code);
        Assert.Equal("system-node-critical.scheduling.k8s.io is forbidden: this is a system priority class and cannot be deleted", error.Message);
        strategy.CheckDelete(Obj("""{"metadata":{"name":"high"}}"""));
    }

    [Theory]
    [InlineData("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}""", "")]
    [InlineData("""{"maxUnavailable":"25%","selector":{}}""", "")]
    [InlineData("""{"minAvailable":-1}""", "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("""{"maxUnavailable":"150%"}""", "spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%")]
    [InlineData("""{"minAvailable":"half"}""",
        "spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("""{"minAvailable":1,"maxUnavailable":1}""", "spec: Invalid value: {\"minAvailable\":1,\"maxUnavailable\":1}: minAvailable and maxUnavailable cannot be both set")]
    [InlineData("""{"unhealthyPodEvictionPolicy":"Never"}""", "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    public void PodDisruptionBudget_ValidateCreate(string spec, string expected)
    {
        Assert.Equal(expected, string.Join("; ", Create(s_budget, $$"""{"metadata":{"name":"b"},"spec":{{spec}}}""")));
    }

    [Fact]
    public void PodDisruptionBudget_InitialStatus_Zeros()
    {
        var status = KindStrategies.For(s_budget).InitialStatus()!;
        Assert.Equal("""{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}""", status.ToJsonString());
    }

    [Theory]
    // pod spec fields, class (name:value:policy, or none), expected spec fields or the 403 message
    [InlineData("""{}""", null, """{"priority":0,"preemptionPolicy":"PreemptLowerPriority"}""")]
    [InlineData("""{"priorityClassName":"high"}""", "high:1000:PreemptLowerPriority", """{"priorityClassName":"high","priority":1000,"preemptionPolicy":"PreemptLowerPriority"}""")]
    [InlineData("""{"priorityClassName":"batch"}""", "batch:10:Never", """{"priorityClassName":"batch","priority":10,"preemptionPolicy":"Never"}""")]
    [InlineData("""{"priority":1000,"priorityClassName":"high"}""", "high:1000:PreemptLowerPriority", """{"priority":1000,"priorityClassName":"high","preemptionPolicy":"PreemptLowerPriority"}""")]
    [InlineData("""{"priority":5,"priorityClassName":"high"}""", "high:1000:PreemptLowerPriority",
        "pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name")]
    [InlineData("""{"preemptionPolicy":"PreemptLowerPriority","priorityClassName":"batch"}""", "batch:10:Never",
        "pods \"p\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name")]
    public void PriorityAdmission_Resolve(string spec, string? priorityClass, string expected)
    {
        var pod = Obj($$"""{"metadata":{"name":"p"},"spec":{{spec}}}""");
        var pc = priorityClass?.Split(':') is [var name, var value, var policy]
            ? Obj($$"""{"metadata":{"name":"{{name}}"},"value":{{value}},"preemptionPolicy":"{{policy}}"}""")
            : null;
        try
        {
            PriorityAdmission.Resolve(pod, pc);
            Assert.Equal(expected, pod["spec"]!.ToJsonString());
        }
        catch (ApiException forbidden) when (forbidden.Code == 403)
        {
            Assert.Equal(expected, forbidden.Message);
        }
    }

    [Fact]
    public void PriorityAdmission_GlobalDefault_LowestValueOfTheDefaults()
    {
        JsonObject[] classes =
        [
            Obj("""{"metadata":{"name":"a"},"value":5,"globalDefault":true}"""),
            Obj("""{"metadata":{"name":"b"},"value":3,"globalDefault":true}"""),
            Obj("""{"metadata":{"name":"c"},"value":1}"""),
        ];
        Assert.Equal("b", PriorityAdmission.GlobalDefault(classes)!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(PriorityAdmission.GlobalDefault([classes[2]]));
    }
}
