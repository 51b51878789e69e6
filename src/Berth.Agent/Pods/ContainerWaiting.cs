namespace Berth.Agent.Pods;

/// <summary>Why a container is not running yet, as kubectl shows it (ContainerCreating, ErrImagePull, CrashLoopBackOff…).</summary>
public sealed record ContainerWaiting(string Reason, string? Message = null);
