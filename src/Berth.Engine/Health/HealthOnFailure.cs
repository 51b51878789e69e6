namespace Berth.Engine.Health;

/// <summary>What happens to a container once its health check finds it unhealthy (Podman's --health-on-failure).</summary>
public enum HealthOnFailure
{
    None,
    Kill,
    Restart,
    Stop,
}
