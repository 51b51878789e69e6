namespace Berth.Timing.Cron;

/// <summary>
/// A cron schedule with the syntax and semantics of robfig/cron v3's standard parser, which kube
/// uses for CronJobs: five fields (minute hour day-of-month month day-of-week) or a descriptor
/// (@yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly, @every DURATION), optionally
/// prefixed with <c>TZ=zone</c> or <c>CRON_TZ=zone</c>. When both day fields are restricted a day
/// matches either; when one is <c>*</c> it must match both.
/// </summary>
public abstract class CronSchedule
{
    private protected CronSchedule(TimeZoneInfo zone) => Zone = zone;

    /// <summary>The zone the fields are read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The first activation strictly after <paramref name="after"/>, or null when none comes within five years.</summary>
    public abstract DateTimeOffset? Next(DateTimeOffset after);

    /// <summary>Parses a schedule whose fields are read in <paramref name="zone"/> unless it names its own.</summary>
    /// <exception cref="CronFormatException">With robfig/cron's message.</exception>
    public static CronSchedule Parse(string spec, TimeZoneInfo zone)
    {
        if (spec.Length == 0)
        {
            throw new CronFormatException("empty spec string");
        }
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..] : spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            zone = TimeZones.Find(name, out var error) ?? throw new CronFormatException($"provided bad location {name}: {error}");
            spec = space < 0 ? "" : spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
        {
            return Descriptor(spec, zone);
        }
        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new CronFormatException($"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        }
        return new FieldSchedule(zone, CronField.Minute.Parse(fields[0]), CronField.Hour.Parse(fields[1]), CronField.DayOfMonth.Parse(fields[2]),
            CronField.Month.Parse(fields[3]), CronField.DayOfWeek.Parse(fields[4]));
    }

    /// <summary>Whether the schedule parses; <paramref name="error"/> is robfig/cron's message when not.</summary>
    public static bool IsValid(string spec, out string? error)
    {
        try
        {
            Parse(spec, TimeZoneInfo.Utc);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static CronSchedule Descriptor(string spec, TimeZoneInfo zone)
    {
        const ulong first = 1UL << 1;
        const ulong zero = 1UL << 0;
        var (minute, hour, dom, month, dow) = (zero, zero, CronField.DayOfMonth.All, CronField.Month.All, CronField.DayOfWeek.All);
        switch (spec)
        {
            case "@yearly" or "@annually":
                (dom, month) = (first, first);
                break;
            case "@monthly":
                dom = first;
                break;
            case "@weekly":
                dow = zero;
                break;
            case "@daily" or "@midnight":
                break;
            case "@hourly":
                hour = CronField.Hour.All;
                break;
            default:
                const string every = "@every ";
                if (!spec.StartsWith(every, StringComparison.Ordinal))
                {
                    throw new CronFormatException($"unrecognized descriptor: {spec}");
                }
                if (!GoDuration.TryParse(spec[every.Length..], out var nanoseconds))
                {
                    throw new CronFormatException($"failed to parse duration {spec}: time: invalid duration \"{spec[every.Length..]}\"");
                }
                return new EverySchedule(zone, TimeSpan.FromTicks(nanoseconds / 100));
        }
        return new FieldSchedule(zone, minute, hour, dom, month, dow);
    }
}
