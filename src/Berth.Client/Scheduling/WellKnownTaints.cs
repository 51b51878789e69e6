namespace Berth.Client.Scheduling;

/// <summary>The taint keys the control plane puts on nodes from their conditions (k8s.io/api core/v1 well_known_taints).</summary>
public static class WellKnownTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    /// <summary>Put by an administrator on a node that is shut down for good: its terminating pods are force deleted.</summary>
    public const string OutOfService = "node.kubernetes.io/out-of-service";
}
