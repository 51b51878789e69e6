namespace Berth.ApiServer.Validation;

/// <summary>A syntax check of standard five-field cron schedules and the @-descriptors (robfig/cron's standard parser).</summary>
internal static class CronSchedule
{
    private static readonly string[] s_descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    private static readonly (int Min, int Max)[] s_ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] s_months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] s_days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static bool IsValid(string schedule)
    {
        var text = schedule.Trim();
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ');
            text = space < 0 ? "" : text[(space + 1)..].Trim();
        }

        if (text.StartsWith('@'))
        {
            return s_descriptors.Contains(text) || text.StartsWith("@every ", StringComparison.Ordinal);
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 && fields.Select((f, i) => Field(f, i)).All(ok => ok);
    }

    private static bool Field(string field, int index) => field.Split(',').All(part => Part(part, index));

    private static bool Part(string part, int index)
    {
        var (min, max) = s_ranges[index];
        var slash = part.Split('/');
        if (slash.Length > 2 || (slash.Length == 2 && !(int.TryParse(slash[1], out var step) && step > 0)))
        {
            return false;
        }

        var range = slash[0];
        if (range is "*" or "?")
        {
            return true;
        }

        var bounds = range.Split('-');
        return bounds.Length <= 2 && bounds.All(b => Value(b, index) is { } v && v >= min && v <= max);
    }

    private static int? Value(string text, int index)
    {
        if (int.TryParse(text, out var n))
        {
            return n;
        }

        var names = index == 3 ? s_months : index == 4 ? s_days : [];
        var i = Array.IndexOf(names, text.ToLowerInvariant());
        return i < 0 ? null : index == 3 ? i + 1 : i;
    }
}
