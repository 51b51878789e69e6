using Berth.Engine.Containers;

namespace Berth.Engine.Formatting;

/// <summary>
/// The STATUS column: "Up 5 seconds ago" as Podman prints it, "Up 5 seconds" as Docker does, each followed by the
/// health ("(healthy)") of a container with a health check; "Exited (N) … ago", Docker's "Restarting (N) … ago" while the restart
/// policy's back-off runs, "Paused", "Created".
/// </summary>
public static class ContainerStatusText
{
    public static string Podman(ContainerRecord c, DateTimeOffset now, string? health = null) => c.Status switch
    {
        ContainerStatus.Running => $"Up {HumanDuration.Ago(now - (c.StartedAt ?? c.Created))}{HealthSuffix(health)}",
        _ => Common(c, now),
    };

    public static string Docker(ContainerRecord c, DateTimeOffset now, string? health = null) => c.Status switch
    {
        ContainerStatus.Running => $"Up {HumanDuration.Of(now - (c.StartedAt ?? c.Created))}{HealthSuffix(health)}",
        ContainerStatus.Paused => $"Up {HumanDuration.Of(now - (c.StartedAt ?? c.Created))} (Paused)",
        _ => Common(c, now),
    };

    private static string HealthSuffix(string? health) => health is null ? "" : $" ({health})";

    private static string Common(ContainerRecord c, DateTimeOffset now) => c.Status switch
    {
        ContainerStatus.Paused => "Paused",
        ContainerStatus.Exited when c.Restarting => $"Restarting ({c.ExitCode}) {HumanDuration.Ago(now - (c.FinishedAt ?? c.Created))}",
        ContainerStatus.Exited => $"Exited ({c.ExitCode}) {HumanDuration.Ago(now - (c.FinishedAt ?? c.Created))}",
        _ => "Created",
    };
}
