namespace Berth.Engine.Health;

/// <summary>
/// The health check settings a creation asks for (`--health-*`, `--no-healthcheck`, the Docker API's Config.Healthcheck);
/// each null field keeps the image's (<see cref="HealthcheckSettings.Resolve"/>).
/// </summary>
public sealed record HealthcheckOverrides
{
    /// <summary>["CMD", args…], ["CMD-SHELL", command] or ["NONE"]; null: the image's.</summary>
    public IReadOnlyList<string>? Test { get; init; }

    /// <summary>Zero: no periodic checks.</summary>
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
    public TimeSpan? StartPeriod { get; init; }

    /// <summary>Docker's StartInterval (API 1.44, HEALTHCHECK --start-interval): the interval during the start period.</summary>
    public TimeSpan? StartInterval { get; init; }
    public int? Retries { get; init; }
    public HealthOnFailure OnFailure { get; init; }

    /// <summary>`--no-healthcheck`: no check, whatever the image says.</summary>
    public bool Disabled { get; init; }
}
