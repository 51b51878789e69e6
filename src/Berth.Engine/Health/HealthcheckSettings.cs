using Berth.Engine.Images.Oci;

namespace Berth.Engine.Health;

/// <summary>
/// A container's health check as it runs: the test (["CMD", args…] or ["CMD-SHELL", command]) and its timing with the
/// defaults applied (Docker's and Podman's: every 30s, 30s timeout, 3 retries, no start period).
/// </summary>
public sealed record HealthcheckSettings
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultRetries = 3;

    public required IReadOnlyList<string> Test { get; init; }

    /// <summary>How often the monitor runs the check; zero: never by itself (`--health-interval disable`), only `healthcheck run`.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Failures in this time after the start do not count.</summary>
    public TimeSpan StartPeriod { get; init; }

    /// <summary>
    /// How often the check runs while the container is starting within its start period (Docker 25's start interval);
    /// zero: at <see cref="Interval"/> throughout, as Podman 4.3 (which has no such setting) runs it.
    /// </summary>
    public TimeSpan StartInterval { get; init; }

    /// <summary>Consecutive failures that make the container unhealthy.</summary>
    public int Retries { get; init; } = DefaultRetries;
    public HealthOnFailure OnFailure { get; init; }

    /// <summary>The process the check execs: a CMD-SHELL test runs through /bin/sh -c, as Docker's.</summary>
    public IReadOnlyList<string> Command => Test[0] == "CMD-SHELL" ? ["/bin/sh", "-c", .. Test.Skip(1)] : [.. Test.Skip(1)];

    /// <summary>
    /// The image's HEALTHCHECK with the caller's settings over it field by field, as Docker merges them; null when
    /// neither defines a test, the test is NONE or the caller disables checks.
    /// </summary>
    public static HealthcheckSettings? Resolve(OciHealthcheck? image, HealthcheckOverrides overrides)
    {
        var test = overrides.Test ?? image?.Test;
        if (overrides.Disabled || test is null || test.Count == 0 || test[0] == "NONE")
        {
            return null;
        }
        return new HealthcheckSettings
        {
            Test = test,
            Interval = overrides.Interval ?? Span(image?.Interval) ?? DefaultInterval,
            Timeout = overrides.Timeout ?? Span(image?.Timeout) ?? DefaultTimeout,
            StartPeriod = overrides.StartPeriod ?? Span(image?.StartPeriod) ?? TimeSpan.Zero,
            StartInterval = overrides.StartInterval ?? Span(image?.StartInterval) ?? TimeSpan.Zero,
            Retries = overrides.Retries ?? (image?.Retries is > 0 and var retries ? retries : DefaultRetries),
            OnFailure = overrides.OnFailure,
        };
    }

    /// <summary>As Docker and Podman show it in a container's Config.Healthcheck: nanoseconds, zeros left out.</summary>
    public OciHealthcheck ToOci() => new()
    {
        Test = [.. Test],
        Interval = Nanoseconds(Interval),
        Timeout = Nanoseconds(Timeout),
        StartPeriod = Nanoseconds(StartPeriod),
        StartInterval = Nanoseconds(StartInterval),
        Retries = Retries,
    };

    /// <summary>
    /// The wait before the next check, as dockerd's monitor picks it: the start interval while the container is still
    /// starting (no check has passed) within the start period, else the interval.
    /// </summary>
    public TimeSpan NextDelay(TimeSpan sinceStart, string status) =>
        StartInterval > TimeSpan.Zero && status == HealthStatus.Starting && sinceStart < StartPeriod ? StartInterval : Interval;

    private static TimeSpan? Span(long? nanoseconds) => nanoseconds is > 0 and var n ? TimeSpan.FromTicks(n / 100) : null;

    private static long? Nanoseconds(TimeSpan span) => span > TimeSpan.Zero ? span.Ticks * 100 : null;
}
