namespace Berth.Engine.Health;

/// <summary>The words Docker and Podman use for a container's health (State.Health.Status, `ps`, events).</summary>
public static class HealthStatus
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    /// <summary>`ps --filter health=none`: a container without a health check.</summary>
    public const string None = "none";
}
