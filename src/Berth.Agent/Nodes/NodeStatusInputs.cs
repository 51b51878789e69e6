using k8s.Models;

namespace Berth.Agent.Nodes;

/// <summary>What changes between two node status reports: pressure, images, readiness, the streaming port, the time.</summary>
/// <param name="NotReadyReason">Why the node is not ready (kubelet's runtime/network errors); null when it is.</param>
public sealed record NodeStatusInputs(HostPressure Pressure, IReadOnlyList<V1ContainerImage> Images, int StreamingPort, string? NotReadyReason, DateTime Now);
