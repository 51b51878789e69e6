namespace Berth.Engine.Health;

/// <summary>
/// How one run of the check moves a container's health, as Podman's updateHealthCheckLog and Docker's handleProbeResult:
/// <code>
///   (start) ─▶ starting ──pass──▶ healthy ◀──pass── unhealthy
///                  └──retries failures in a row (outside the start period)──▶ unhealthy
/// </code>
/// A pass resets the streak; a failure in the start period changes nothing but the log, which keeps the last 5 runs.
/// </summary>
public static class HealthStateMachine
{
    public const int KeptRuns = 5;

    /// <summary>The state of a container that has just started: starting, no streak, the old log kept.</summary>
    public static HealthState Started(HealthState? previous) => new() { Log = previous?.Log ?? [] };

    public static HealthState Record(HealthState state, HealthLogEntry run, int retries, bool inStartPeriod)
    {
        var log = state.Log.Append(run).TakeLast(KeptRuns).ToList();
        if (run.ExitCode == 0)
        {
            return new HealthState { Status = HealthStatus.Healthy, FailingStreak = 0, Log = log };
        }
        if (inStartPeriod)
        {
            return state with { Log = log };
        }
        var streak = state.FailingStreak + 1;
        return new HealthState { Status = streak >= retries ? HealthStatus.Unhealthy : state.Status, FailingStreak = streak, Log = log };
    }
}
