namespace Berth.Agent.Pods;

/// <summary>What a running container's probes say for its status: started (startup probe passed) and ready (readiness passed).</summary>
public sealed record ContainerHealth(bool Started, bool Ready);
