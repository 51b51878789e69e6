namespace Berth.Controllers.PodGc;

/// <summary>The pod garbage collector's settings, with kube v1.32's values.</summary>
public sealed record PodGcOptions
{
    /// <summary>How often pods are looked at (kube's gcCheckPeriod).</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Finished pods kept before the oldest are deleted; 0 keeps them all (--terminated-pod-gc-threshold).</summary>
    public int TerminatedPodThreshold { get; init; } = 12_500;

    /// <summary>How long a node must stay missing before its pods count as orphans (kube's quarantineTime), so a node that is being re-registered keeps them.</summary>
    public TimeSpan Quarantine { get; init; } = TimeSpan.FromSeconds(40);
}
