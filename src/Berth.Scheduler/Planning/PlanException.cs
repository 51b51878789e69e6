namespace Berth.Scheduler.Planning;

/// <summary>A manifest the planner cannot plan: the message is the whole explanation.</summary>
public sealed class PlanException(string message) : Exception(message);
