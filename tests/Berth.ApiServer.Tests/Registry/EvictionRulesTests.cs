using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.Tests.Registry;

/// <summary>The eviction subresource's decisions (after kube's eviction_test.go).</summary>
public class EvictionRulesTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Budget(int allowed, int current = 3, int desired = 2, int generation = 1, int observed = 1, string extraSpec = "") => Obj(
        $$$"""{"metadata":{"name":"web","generation":{{{generation}}}},"spec":{"selector":{"matchLabels":{"app":"web"}}{{{extraSpec}}}},"status":{"disruptionsAllowed":{{{allowed}}},"currentHealthy":{{{current}}},"desiredHealthy":{{{desired}}},"expectedPods":3,"observedGeneration":{{{observed}}}}}""");

    private static JsonObject Pod(string phase = "Running", bool ready = true) => Obj(
        $$$"""{"metadata":{"name":"p","labels":{"app":"web"}},"status":{"phase":"{{{phase}}}","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}]}}""");

    [Fact]
    public void Decrement_SpendsADisruptionAndRecordsThePod()
    {
        var budget = Budget(allowed: 2);

        EvictionRules.Decrement(budget, "p", T0);

        Assert.Equal(1, budget["status"]!["disruptionsAllowed"]!.GetValue<int>());
        Assert.Equal("2025-01-01T12:00:00Z", budget["status"]!["disruptedPods"]!["p"]!.GetValue<string>());
        Assert.Null(budget["status"]!["conditions"]);
    }

    [Fact]
    public void Decrement_LastDisruption_TurnsTheConditionFalse()
    {
        var budget = Budget(allowed: 1);

        EvictionRules.Decrement(budget, "p", T0);

        var condition = budget["status"]!["conditions"]![0]!;
        Assert.Equal(("DisruptionAllowed", "False", "InsufficientPods"), (condition["type"]!.GetValue<string>(), condition["status"]!.GetValue<string>(), condition["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(0, 1, 1, 429, "The disruption budget web needs 2 healthy pods and has 3 currently")]
    [InlineData(1, 2, 1, 429, "The disruption budget web is still being processed by the server.")]
    [InlineData(-1, 1, 1, 403, "")]
    public void Decrement_Refused(int allowed, int generation, int observed, int code, string cause)
    {
        var budget = Budget(allowed, generation: generation, observed: observed);

        var error = Assert.Throws<ApiException>(() => EvictionRules.Decrement(budget, "p", T0));

        Assert.Equal(code, error.Code);
        if (code == 429)
        {
            Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", error.Message);
            Assert.Equal(cause, error.Details!["causes"]![0]!["message"]!.GetValue<string>());
            Assert.Equal("DisruptionBudget", error.Details!["causes"]![0]!["reason"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("poddisruptionbudget.policy \"web\" is forbidden: pdb disruptions allowed is negative", error.Message);
        }
        Assert.Equal(allowed, budget["status"]!["disruptionsAllowed"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("Pending", false, true)]
    [InlineData("Succeeded", false, true)]
    [InlineData("Failed", false, true)]
    [InlineData("Running", false, false)]
    [InlineData("Running", true, true)]
    public void CanIgnoreBudgets_FinishedPendingOrDeleting(string phase, bool deleting, bool expected)
    {
        var pod = Pod(phase);
        if (deleting)
        {
            pod["metadata"]!["deletionTimestamp"] = "2025-01-01T12:00:00Z";
        }
        Assert.Equal(expected, EvictionRules.CanIgnoreBudgets(pod));
    }

    [Theory]
    // ready, policy, currentHealthy, desiredHealthy → may go without a disruption
    [InlineData(true, "", 3, 2, false)]
    [InlineData(false, "", 2, 2, true)]
    [InlineData(false, "", 1, 2, false)]
    [InlineData(false, "", 0, 0, false)]
    [InlineData(false, ",\"unhealthyPodEvictionPolicy\":\"IfHealthyBudget\"", 1, 2, false)]
    [InlineData(false, ",\"unhealthyPodEvictionPolicy\":\"AlwaysAllow\"", 1, 2, true)]
    public void UnhealthyMayGo_PerPolicy(bool ready, string policy, int current, int desired, bool expected)
    {
        Assert.Equal(expected, EvictionRules.UnhealthyMayGo(Pod(ready: ready), Budget(0, current, desired, extraSpec: policy)));
    }

    [Fact]
    public void Matching_BySelector_NoSelectorMatchesNothing_EmptyMatchesAll()
    {
        var budgets = new[]
        {
            Obj("""{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}}}}"""),
            Obj("""{"metadata":{"name":"db"},"spec":{"selector":{"matchLabels":{"app":"db"}}}}"""),
            Obj("""{"metadata":{"name":"none"},"spec":{}}"""),
            Obj("""{"metadata":{"name":"all"},"spec":{"selector":{}}}"""),
        };

        Assert.Equal(["web", "all"], EvictionRules.Matching(Pod(), budgets).Select(b => b["metadata"]!["name"]!.GetValue<string>()));
    }
}
