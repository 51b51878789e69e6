namespace Berth.Agent.Probes;

/// <summary>What one run of a probe found, and the text kube puts in its Unhealthy event (the command's output, the HTTP status, the dial error).</summary>
public sealed record ProbeOutcome(ProbeResult Result, string Output)
{
    public static ProbeOutcome Success(string output = "") => new(ProbeResult.Success, output);

    public static ProbeOutcome Failure(string output) => new(ProbeResult.Failure, output);

    public static ProbeOutcome Errored(string error) => new(ProbeResult.Unknown, error);
}
