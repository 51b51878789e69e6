namespace Berth.Engine.Health;

/// <summary>A container's health (State.Health): its status, the failures in a row, and the last runs, newest last.</summary>
public sealed record HealthState
{
    public string Status { get; init; } = HealthStatus.Starting;
    public int FailingStreak { get; init; }
    public IReadOnlyList<HealthLogEntry> Log { get; init; } = [];
}
