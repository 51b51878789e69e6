namespace Berth.Agent.Pods;

/// <summary>What a pod's status is computed from: its containers on this node and what the agent knows about the rest.</summary>
/// <param name="Containers">Every engine container of the pod, any attempt.</param>
/// <param name="Waiting">Why a container without a running attempt waits, by container name.</param>
/// <param name="PodIp">The sandbox's address; null before it has one.</param>
/// <param name="Messages">The termination message of each exited container, by engine container id.</param>
/// <param name="Health">What the probes say of each running container, by name; a container not in it has no probes (started and ready).</param>
public sealed record PodStatusInputs(
    IReadOnlyList<PodContainer> Containers,
    IReadOnlyDictionary<string, ContainerWaiting> Waiting,
    string? PodIp,
    string HostIp,
    DateTime Now,
    IReadOnlyDictionary<string, ContainerHealth>? Health = null,
    IReadOnlyDictionary<string, string>? Messages = null);
