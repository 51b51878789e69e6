using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Preemption;

/// <summary>A node where the pod would fit once <see cref="Victims"/> (most important first) are gone.</summary>
public sealed record Candidate(string Node, IReadOnlyList<PodInfo> Victims, int PdbViolations);
