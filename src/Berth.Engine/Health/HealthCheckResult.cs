namespace Berth.Engine.Health;

/// <summary>One run of a container's health check: whether it passed, and the container's health after it.</summary>
public sealed record HealthCheckResult(bool Passed, HealthState State);
