using Berth.Controllers.TaintEviction;
using k8s.Models;

namespace Berth.Controllers.Tests.TaintEviction;

public sealed class TaintEvictionPlanTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = T0 };

    [Fact]
    public void EvictionTime_IsNowForAnUntoleratedTaint()
    {
        Assert.Equal(T0.AddMinutes(1), TaintEvictionPlan.EvictionTime([Unreachable], [Toleration("other", 10)], T0.AddHours(-1), T0.AddMinutes(1)));
        Assert.Equal(T0.AddMinutes(1), TaintEvictionPlan.EvictionTime([Unreachable], null, null, T0.AddMinutes(1)));
    }

    [Fact]
    public void EvictionTime_CountsTolerationSecondsFromWhenTheTaintWasAdded()
    {
        Assert.Equal(T0.AddSeconds(300), TaintEvictionPlan.EvictionTime([Unreachable], [Toleration(Unreachable.Key, 300)], T0.AddHours(-1), T0.AddSeconds(5)));
    }

    [Fact]
    public void EvictionTime_CountsFromThePodsCreationWhenItCameAfterTheTaint()
    {
        Assert.Equal(T0.AddSeconds(70), TaintEvictionPlan.EvictionTime([Unreachable], [Toleration(Unreachable.Key, 10)], T0.AddMinutes(1), T0.AddMinutes(1)));
    }

    [Fact]
    public void EvictionTime_IsNullWhenTheTolerationIsForEverOrThereIsNoTaint()
    {
        Assert.Null(TaintEvictionPlan.EvictionTime([Unreachable], [Toleration(Unreachable.Key, null)], null, T0));
        Assert.Null(TaintEvictionPlan.EvictionTime([], null, null, T0));
    }

    [Fact]
    public void EvictionTime_TakesTheShortestOfTheTolerationsUsedAndZeroForNegativeSeconds()
    {
        var notReady = new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoExecute", TimeAdded = T0 };

        Assert.Equal(T0.AddSeconds(30), TaintEvictionPlan.EvictionTime([Unreachable, notReady],
            [Toleration(Unreachable.Key, 300), Toleration(notReady.Key, 30), Toleration(null, 5, "Exists")], null, T0));
        Assert.Equal(T0, TaintEvictionPlan.EvictionTime([Unreachable], [Toleration(Unreachable.Key, -5)], null, T0.AddSeconds(-10)));
    }

    private static V1Toleration Toleration(string? key, long? seconds, string op = "Exists") =>
        new() { Key = key, OperatorProperty = op, Effect = "NoExecute", TolerationSeconds = seconds };
}
