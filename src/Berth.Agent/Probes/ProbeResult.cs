namespace Berth.Agent.Probes;

/// <summary>One probe's verdict. <see cref="Unknown"/> is a probe that could not be run (kube's "probe errored"): it changes nothing.</summary>
public enum ProbeResult
{
    Success,
    Failure,
    Unknown,
}
