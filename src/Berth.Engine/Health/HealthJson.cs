using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Engine.Health;

/// <summary>
/// A container's health check and health as `inspect` shows them, Podman's and Docker's alike. Built node by node: a
/// serialized node would carry System.Text.Json's escapes (\u002B) into writers that escape them again.
/// </summary>
public static class HealthJson
{
    /// <summary>Config.Healthcheck: {Test, Interval, Timeout, StartPeriod, Retries}, durations in nanoseconds, zeros left out.</summary>
    public static JsonNode? Config(HealthcheckSettings? settings)
    {
        if (settings?.ToOci() is not { } oci)
        {
            return null;
        }
        var config = new JsonObject { ["Test"] = new JsonArray([.. oci.Test.Select(t => (JsonNode?)t)]) };
        foreach (var (name, value) in new[] { ("Interval", oci.Interval), ("Timeout", oci.Timeout), ("StartPeriod", oci.StartPeriod), ("StartInterval", oci.StartInterval) })
        {
            if (value is { } nanoseconds)
            {
                config[name] = nanoseconds;
            }
        }
        config["Retries"] = oci.Retries;
        return config;
    }

    /// <summary>State.Health: {Status, FailingStreak, Log: [{Start, End, ExitCode, Output}]}; starting before the first run.</summary>
    public static JsonNode? State(HealthcheckSettings? settings, HealthState? state)
    {
        if (settings is null)
        {
            return null;
        }
        state ??= new HealthState();
        return new JsonObject
        {
            ["Status"] = state.Status,
            ["FailingStreak"] = state.FailingStreak,
            ["Log"] = new JsonArray([.. state.Log.Select(run => (JsonNode?)new JsonObject
            {
                ["Start"] = Time(run.Start),
                ["End"] = Time(run.End),
                ["ExitCode"] = run.ExitCode,
                ["Output"] = run.Output,
            })]),
        };
    }

    /// <summary>RFC 3339 in UTC with the fraction, as Go writes a time.Time.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
