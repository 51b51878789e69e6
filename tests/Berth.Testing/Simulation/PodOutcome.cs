namespace Berth.Testing.Simulation;

/// <summary>What the simulated kubelet does with a pod bound to one of its nodes.</summary>
public abstract record PodOutcome
{
    /// <summary>Running; ready unless <paramref name="Ready"/> is false (a readiness probe that never passes).</summary>
    public sealed record Run(bool Ready = true) : PodOutcome;

    /// <summary>Runs, then every container exits 0: phase Succeeded (restartPolicy Never/OnFailure).</summary>
    public sealed record Succeed : PodOutcome;

    /// <summary>Every container exits with <paramref name="ExitCode"/>: phase Failed.</summary>
    public sealed record Fail(int ExitCode = 1) : PodOutcome;

    /// <summary>Stays Pending with no status (an image that never pulls).</summary>
    public sealed record StayPending : PodOutcome;
}
