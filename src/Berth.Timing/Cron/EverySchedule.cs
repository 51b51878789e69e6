namespace Berth.Timing.Cron;

/// <summary>
/// <c>@every DURATION</c> (robfig/cron's ConstantDelaySchedule): the next activation is the
/// interval after the given time, counted from its whole second; the interval is whole seconds, at least one.
/// </summary>
internal sealed class EverySchedule : CronSchedule
{
    public EverySchedule(TimeZoneInfo zone, TimeSpan interval)
        : base(zone)
    {
        var seconds = Math.Max(1, (long)interval.TotalSeconds);
        Interval = TimeSpan.FromSeconds(seconds);
    }

    public TimeSpan Interval { get; }

    public override DateTimeOffset? Next(DateTimeOffset after) =>
        new DateTimeOffset(after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) + Interval;
}
