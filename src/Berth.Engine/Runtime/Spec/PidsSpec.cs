namespace Berth.Engine.Runtime.Spec;

/// <summary>The maximum number of tasks in the container's cgroup.</summary>
public sealed record PidsSpec(long Limit);
