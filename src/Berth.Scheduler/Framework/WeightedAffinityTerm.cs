namespace Berth.Scheduler.Framework;

/// <summary>A preferred (soft) pod affinity or anti-affinity term with its weight.</summary>
public sealed record WeightedAffinityTerm(AffinityTerm Term, int Weight);
