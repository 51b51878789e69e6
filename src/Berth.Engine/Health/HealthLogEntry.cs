namespace Berth.Engine.Health;

/// <summary>One run of a health check, as State.Health.Log shows it (Docker's and Podman's fields).</summary>
public sealed record HealthLogEntry(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
