namespace Berth.Timing.Cron;

/// <summary>
/// A five-field schedule (robfig/cron's SpecSchedule). <see cref="Next"/> walks forward field by
/// field, month → day → hour → minute, resetting the smaller fields whenever a larger one moves,
/// in the schedule's zone: days move on the wall clock, hours and minutes as elapsed time, so a
/// time skipped by a daylight-saving jump is skipped and a repeated hour runs twice, as in kube.
/// </summary>
internal sealed class FieldSchedule(TimeZoneInfo zone, ulong minute, ulong hour, ulong dayOfMonth, ulong month, ulong dayOfWeek) : CronSchedule(zone)
{
    private const int YearsAhead = 5;

    public override DateTimeOffset? Next(DateTimeOffset after)
    {
        // From the next whole second: activations are strictly after the time given.
        var t = new DateTimeOffset(after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        var moved = false;
        var yearLimit = Wall(t).Year + YearsAhead;
        while (true)
        {
            if (Wall(t).Year > yearLimit)
            {
                return null;
            }
            if (!NextMonth(ref t, ref moved) || !NextDay(ref t, ref moved) || !NextHour(ref t, ref moved) || !NextMinute(ref t, ref moved))
            {
                continue;
            }
            if (Wall(t).Second != 0)
            {
                // Only second 0 is in the schedule: on to the next minute, and look again.
                moved = true;
                t = Truncate(t, TimeSpan.TicksPerMinute).AddMinutes(1);
                continue;
            }
            return t;
        }
    }

    /// <summary>Moves to the first month in the schedule; false when it wrapped into a new year (start over).</summary>
    private bool NextMonth(ref DateTimeOffset t, ref bool moved)
    {
        while (!Has(month, Wall(t).Month))
        {
            if (!moved)
            {
                moved = true;
                var w = Wall(t);
                t = At(new DateTime(w.Year, w.Month, 1));
            }
            t = At(Wall(t).AddMonths(1));
            if (Wall(t).Month == 1)
            {
                return false;
            }
        }
        return true;
    }

    private bool NextDay(ref DateTimeOffset t, ref bool moved)
    {
        while (!DayMatches(Wall(t)))
        {
            if (!moved)
            {
                moved = true;
                t = At(Wall(t).Date);
            }
            t = At(Wall(t).AddDays(1));
            // Where midnight does not exist (a jump at 00:00) the day starts at 01:00: back to the day's start.
            var hour = Wall(t).Hour;
            if (hour != 0)
            {
                t = t.AddHours(hour > 12 ? 24 - hour : -hour);
            }
            if (Wall(t).Day == 1)
            {
                return false;
            }
        }
        return true;
    }

    private bool NextHour(ref DateTimeOffset t, ref bool moved)
    {
        while (!Has(hour, Wall(t).Hour))
        {
            if (!moved)
            {
                moved = true;
                var w = Wall(t);
                t = At(new DateTime(w.Year, w.Month, w.Day, w.Hour, 0, 0));
            }
            t = t.AddHours(1);
            if (Wall(t).Hour == 0)
            {
                return false;
            }
        }
        return true;
    }

    private bool NextMinute(ref DateTimeOffset t, ref bool moved)
    {
        while (!Has(minute, Wall(t).Minute))
        {
            if (!moved)
            {
                moved = true;
                t = Truncate(t, TimeSpan.TicksPerMinute);
            }
            t = t.AddMinutes(1);
            if (Wall(t).Minute == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Both day fields restricted: either may match (cron's rule); one of them <c>*</c>: both must.
    /// </summary>
    private bool DayMatches(DateTime wall)
    {
        var domMatch = Has(dayOfMonth, wall.Day);
        var dowMatch = Has(dayOfWeek, (int)wall.DayOfWeek);
        return (dayOfMonth & CronField.Star) != 0 || (dayOfWeek & CronField.Star) != 0 ? domMatch && dowMatch : domMatch || dowMatch;
    }

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    private DateTime Wall(DateTimeOffset t) => TimeZones.WallClock(Zone, t);

    private DateTimeOffset At(DateTime wall) => TimeZones.AtWallClock(Zone, wall);

    private static DateTimeOffset Truncate(DateTimeOffset t, long ticks) => new(t.UtcTicks - t.UtcTicks % ticks, TimeSpan.Zero);
}
