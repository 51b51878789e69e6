using Berth.Engine.Containers;
using k8s.Models;

namespace Berth.Agent.Probes;

/// <summary>The container a probe runs against: its pod, its spec, the running engine container and the pod's address.</summary>
public sealed record ProbeTarget(V1Pod Pod, V1Container Container, ContainerRecord Record, string PodIp);
