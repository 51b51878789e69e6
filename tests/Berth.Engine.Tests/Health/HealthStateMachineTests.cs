using Berth.Engine.Health;

namespace Berth.Engine.Tests.Health;

public sealed class HealthStateMachineTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static HealthLogEntry Run(int exitCode, int second = 0) => new(T0.AddSeconds(second), T0.AddSeconds(second), exitCode, $"run {second}");

    [Fact]
    public void Record_FailuresBelowRetries_StayStartingAndCountTheStreak()
    {
        var state = HealthStateMachine.Record(new HealthState(), Run(1), retries: 2, inStartPeriod: false);

        Assert.Equal((HealthStatus.Starting, 1), (state.Status, state.FailingStreak));
    }

    [Fact]
    public void Record_RetriesFailuresInARow_Unhealthy()
    {
        var state = new HealthState();
        for (var i = 0; i < 3; i++)
        {
            state = HealthStateMachine.Record(state, Run(1, i), retries: 3, inStartPeriod: false);
        }

        Assert.Equal((HealthStatus.Unhealthy, 3), (state.Status, state.FailingStreak));
    }

    [Fact]
    public void Record_PassAfterFailures_HealthyAndStreakReset()
    {
        var unhealthy = new HealthState { Status = HealthStatus.Unhealthy, FailingStreak = 4 };

        var state = HealthStateMachine.Record(unhealthy, Run(0), retries: 3, inStartPeriod: false);

        Assert.Equal((HealthStatus.Healthy, 0), (state.Status, state.FailingStreak));
    }

    [Fact]
    public void Record_FailureInStartPeriod_DoesNotCount()
    {
        var state = HealthStateMachine.Record(new HealthState(), Run(1), retries: 1, inStartPeriod: true);

        Assert.Equal((HealthStatus.Starting, 0), (state.Status, state.FailingStreak));
        Assert.Single(state.Log);
    }

    [Fact]
    public void Record_PassInStartPeriod_Healthy()
    {
        var state = HealthStateMachine.Record(new HealthState(), Run(0), retries: 3, inStartPeriod: true);

        Assert.Equal(HealthStatus.Healthy, state.Status);
    }

    [Fact]
    public void Record_HealthyThenFailuresBelowRetries_StaysHealthy()
    {
        var state = HealthStateMachine.Record(new HealthState { Status = HealthStatus.Healthy }, Run(1), retries: 2, inStartPeriod: false);

        Assert.Equal((HealthStatus.Healthy, 1), (state.Status, state.FailingStreak));
    }

    [Fact]
    public void Record_ManyRuns_KeepsTheLastFive()
    {
        var state = new HealthState();
        for (var i = 0; i < 8; i++)
        {
            state = HealthStateMachine.Record(state, Run(i % 2, i), retries: 3, inStartPeriod: false);
        }

        Assert.Equal(["run 3", "run 4", "run 5", "run 6", "run 7"], state.Log.Select(r => r.Output));
    }

    [Fact]
    public void Started_AfterARun_StartingWithTheLogKept()
    {
        var before = new HealthState { Status = HealthStatus.Unhealthy, FailingStreak = 3, Log = [Run(1)] };

        var state = HealthStateMachine.Started(before);

        Assert.Equal((HealthStatus.Starting, 0, 1), (state.Status, state.FailingStreak, state.Log.Count));
    }
}
