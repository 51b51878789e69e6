using Berth.Engine.Containers;

namespace Berth.Agent.Pods;

/// <summary>One engine container of a pod: its record, brought up to date with its exit, and what its name says.</summary>
public sealed record PodContainer(ContainerRecord Record, PodContainerName Name);
