using Berth.Controllers.Disruption;
using k8s.Models;

namespace Berth.Controllers.Tests.Disruption;

public sealed class BudgetStatusTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string name, bool ready = true, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? T0 : null },
        Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    private static V1PodDisruptionBudget Budget(Dictionary<string, DateTime?>? disrupted = null, long generation = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = "b", Generation = generation },
        Spec = new V1PodDisruptionBudgetSpec(),
        Status = new V1PodDisruptionBudgetStatus { DisruptedPods = disrupted },
    };

    [Fact]
    public void DisruptedPods_KeepsAwaitedOnesUntilTheTimeoutAndReportsTheRest()
    {
        var budget = Budget(new() { ["recent"] = T0.AddSeconds(-30), ["old"] = T0.AddMinutes(-3), ["deleting"] = T0, ["gone"] = T0 });
        var pods = new[] { Pod("recent"), Pod("old"), Pod("deleting", deleting: true), Pod("other") };

        var (disrupted, recheck, notDeleted) = BudgetStatus.DisruptedPods(budget, pods, T0);

        Assert.Equal(["recent"], disrupted.Keys);
        Assert.Equal(T0.AddSeconds(90), recheck);
        Assert.Equal(["old"], notDeleted.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void CurrentHealthy_ReadyPodsNotDeletingNorDisrupted()
    {
        var pods = new[] { Pod("a"), Pod("b", ready: false), Pod("c", deleting: true), Pod("d") };

        Assert.Equal(1, BudgetStatus.CurrentHealthy(pods, new Dictionary<string, DateTime> { ["d"] = T0 }, T0.AddSeconds(1)));
        Assert.Equal(2, BudgetStatus.CurrentHealthy(pods, new Dictionary<string, DateTime> { ["d"] = T0 }, T0.AddMinutes(3)));
    }

    [Theory]
    // healthy, expected, desired → disruptionsAllowed, condition status, reason
    [InlineData(3, 3, 2, 1, "True", "SufficientPods")]
    [InlineData(2, 3, 2, 0, "False", "InsufficientPods")]
    [InlineData(1, 3, 2, 0, "False", "InsufficientPods")]
    [InlineData(2, 0, 0, 0, "False", "InsufficientPods")]
    public void Next_AllowsHealthyBeyondDesired(int healthy, int expected, int desired, int allowed, string conditionStatus, string reason)
    {
        var status = BudgetStatus.Next(Budget(), healthy, new BudgetTarget(expected, desired, []), [], T0)!;

        Assert.Equal((healthy, desired, expected, allowed, 1L), (status.CurrentHealthy, status.DesiredHealthy, status.ExpectedPods, status.DisruptionsAllowed, status.ObservedGeneration));
        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("DisruptionAllowed", conditionStatus, reason, T0), (condition.Type, condition.Status, condition.Reason, condition.LastTransitionTime));
    }

    [Fact]
    public void Next_UnchangedStatus_IsNull_AndATransitionKeepsItsTimeUntilTheStatusFlips()
    {
        var budget = Budget();
        budget.Status = BudgetStatus.Next(budget, 3, new BudgetTarget(3, 2, []), [], T0);

        Assert.Null(BudgetStatus.Next(budget, 3, new BudgetTarget(3, 2, []), [], T0.AddMinutes(1)));
        var more = BudgetStatus.Next(budget, 4, new BudgetTarget(4, 2, []), [], T0.AddMinutes(1))!;
        Assert.Equal(T0, more.Conditions.Single().LastTransitionTime);
        var none = BudgetStatus.Next(budget, 2, new BudgetTarget(3, 2, []), [], T0.AddMinutes(2))!;
        Assert.Equal(("False", T0.AddMinutes(2)), (none.Conditions.Single().Status, none.Conditions.Single().LastTransitionTime));
    }

    [Fact]
    public void FailSafe_NoDisruptionsAndSyncFailed()
    {
        var budget = Budget();
        budget.Status = BudgetStatus.Next(budget, 3, new BudgetTarget(3, 1, []), [], T0);

        var status = BudgetStatus.FailSafe(budget, "found no controllers for pod \"a\"", T0.AddSeconds(5));

        Assert.Equal(0, status.DisruptionsAllowed);
        var condition = status.Conditions.Single();
        Assert.Equal(("False", "SyncFailed", "found no controllers for pod \"a\""), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(2, budget.Status!.DisruptionsAllowed);
    }
}
