namespace Berth.Agent.Probes;

/// <summary>The three probes a container may have; their names are how kube's events word them ("Liveness probe failed: …").</summary>
public enum ProbeType
{
    Startup,
    Liveness,
    Readiness,
}
