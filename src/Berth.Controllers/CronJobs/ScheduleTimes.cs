using Berth.Timing.Cron;
using k8s.Models;

namespace Berth.Controllers.CronJobs;

/// <summary>
/// When a CronJob should start next (kube's mostRecentScheduleTime and nextScheduleTimeDuration):
/// the latest start time between its last schedule (or creation) and now, how many it missed, and
/// how long until the next one. Pure functions of the CronJob, the schedule and the time given.
/// </summary>
public static class ScheduleTimes
{
    public const int ManyMissed = 100;

    /// <summary>kube requeues 100 ms after the next start time, to be past it despite clock skew.</summary>
    public static readonly TimeSpan Padding = TimeSpan.FromMilliseconds(100);

    public const string TooClose = "time difference between two schedules is less than 1 second";

    /// <summary>
    /// The earliest time considered (last schedule time or creation, or now less
    /// startingDeadlineSeconds when later and asked for), the most recent start time not after
    /// now (null if none), how many were missed, and an error for a schedule whose two next
    /// times are not a second apart (one that never fires, such as Feb 31).
    /// </summary>
    public static (DateTimeOffset Earliest, DateTimeOffset? MostRecent, MissedSchedules Missed, string? Error) MostRecent(
        V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule, bool includeStartingDeadline)
    {
        var earliest = new DateTimeOffset(cronJob.Status?.LastScheduleTime ?? cronJob.Metadata.CreationTimestamp ?? DateTime.MinValue, TimeSpan.Zero);
        if (includeStartingDeadline && cronJob.Spec.StartingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > earliest)
        {
            earliest = now.AddSeconds(-deadline);
        }
        var t1 = schedule.Next(earliest);
        if (t1 is { } first && now < first)
        {
            return (earliest, null, MissedSchedules.None, null);
        }
        var t2 = t1 is { } from ? schedule.Next(from) : null;
        if (t1 is { } firstDue && t2 is { } second && now < second)
        {
            return (earliest, firstDue, MissedSchedules.None, null);
        }
        var between = t1 is { } a && t2 is { } b ? (long)Math.Round((b - a).TotalSeconds, MidpointRounding.AwayFromZero) : 0;
        if (between < 1)
        {
            return (earliest, null, MissedSchedules.None, TooClose);
        }
        // An estimate of the number missed, then a walk from just before the last ones to now
        // (exact for irregular schedules such as "30 6-16/4 * * 1-5" and for @every).
        var elapsed = (long)(now - t1!.Value).TotalSeconds;
        var missedCount = elapsed / between + 1;
        DateTimeOffset? mostRecent = null;
        for (var t = schedule.Next(t1.Value.AddSeconds((missedCount - 2) * between)); t is { } due && due <= now; t = schedule.Next(due))
        {
            mostRecent = due;
        }
        var missed = missedCount > ManyMissed ? MissedSchedules.Many : missedCount > 0 ? MissedSchedules.Few : MissedSchedules.None;
        return (earliest, mostRecent, missed, null);
    }

    /// <summary>The start time due now (within startingDeadlineSeconds), or null; and how many were missed.</summary>
    public static (DateTimeOffset? Due, MissedSchedules Missed, string? Error) Due(V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule)
    {
        var (_, mostRecent, missed, error) = MostRecent(cronJob, now, schedule, includeStartingDeadline: true);
        return mostRecent is { } due && due <= now ? (due, missed, error) : (null, missed, error);
    }

    /// <summary>How long to wait before looking at the CronJob again: until just after its next start time.</summary>
    public static TimeSpan UntilNext(V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule)
    {
        var (earliest, mostRecent, missed, error) = MostRecent(cronJob, now, schedule, includeStartingDeadline: false);
        var from = error is not null ? now : mostRecent ?? (missed == MissedSchedules.None ? earliest : now);
        return schedule.Next(from) is { } next ? next + Padding - now : TimeSpan.FromDays(365);
    }

    /// <summary>Jobs are named after their start time in minutes since the epoch: one Job per start, whoever creates it.</summary>
    public static string JobName(string cronJobName, DateTimeOffset scheduled) => $"{cronJobName}-{scheduled.ToUnixTimeSeconds() / 60}";
}
