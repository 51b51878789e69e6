using System.Globalization;

namespace Berth.Timing.Cron;

/// <summary>
/// One field of a five-field schedule as robfig/cron parses it: a comma-separated list of
/// <c>*</c> or <c>?</c>, <c>N</c>, <c>N-M</c>, each with an optional <c>/step</c> (<c>N/step</c>
/// runs from N to the field's maximum), and month or weekday names. The set is a bit mask; a
/// field written <c>*</c> or <c>?</c> (without a step above 1) also carries <see cref="Star"/>,
/// which decides how day-of-month and day-of-week combine.
/// </summary>
internal sealed class CronField
{
    public const ulong Star = 1UL << 63;

    public static readonly CronField Minute = new(0, 59, null);
    public static readonly CronField Hour = new(0, 23, null);
    public static readonly CronField DayOfMonth = new(1, 31, null);
    public static readonly CronField Month = new(1, 12, Names(1, "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"));
    public static readonly CronField DayOfWeek = new(0, 6, Names(0, "sun", "mon", "tue", "wed", "thu", "fri", "sat"));

    private readonly int _min;
    private readonly int _max;
    private readonly Dictionary<string, int>? _names;

    private CronField(int min, int max, Dictionary<string, int>? names)
    {
        _min = min;
        _max = max;
        _names = names;
    }

    /// <summary>Every value of the field, as <c>*</c>.</summary>
    public ulong All => Bits(_min, _max, 1) | Star;

    public ulong Parse(string field)
    {
        ulong bits = 0;
        foreach (var expression in field.Split(','))
        {
            bits |= Range(expression);
        }
        return bits;
    }

    private ulong Range(string expression)
    {
        var rangeAndStep = expression.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        int start, end;
        ulong extra = 0;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end, extra) = (_min, _max, Star);
        }
        else
        {
            start = Value(lowAndHigh[0]);
            end = lowAndHigh.Length switch
            {
                1 => start,
                2 => Value(lowAndHigh[1]),
                _ => throw new CronFormatException($"too many hyphens: {expression}"),
            };
        }
        var step = 1;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                step = Number(rangeAndStep[1]);
                if (lowAndHigh.Length == 1)
                {
                    end = _max;
                }
                if (step > 1)
                {
                    extra = 0;
                }
                break;
            default:
                throw new CronFormatException($"too many slashes: {expression}");
        }
        if (start < _min)
        {
            throw new CronFormatException($"beginning of range ({start}) below minimum ({_min}): {expression}");
        }
        if (end > _max)
        {
            throw new CronFormatException($"end of range ({end}) above maximum ({_max}): {expression}");
        }
        if (start > end)
        {
            throw new CronFormatException($"beginning of range ({start}) beyond end of range ({end}): {expression}");
        }
        if (step == 0)
        {
            throw new CronFormatException($"step of range should be a positive number: {expression}");
        }
        return Bits(start, end, step) | extra;
    }

    private int Value(string text) =>
        _names is not null && _names.TryGetValue(text.ToLowerInvariant(), out var named) ? named : Number(text);

    /// <summary>A non-negative decimal, with Go's strconv.Atoi error text otherwise.</summary>
    private static int Number(string text)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var reason = text.Length > 0 && text.TrimStart('+', '-').All(char.IsAsciiDigit) && text.TrimStart('+', '-').Length > 0 ? "value out of range" : "invalid syntax";
            throw new CronFormatException($"failed to parse int from {text}: strconv.Atoi: parsing \"{text}\": {reason}");
        }
        if (number < 0)
        {
            throw new CronFormatException($"negative number ({number}) not allowed: {text}");
        }
        return number;
    }

    private static ulong Bits(int start, int end, int step)
    {
        ulong bits = 0;
        for (var i = start; i <= end; i += step)
        {
            bits |= 1UL << i;
        }
        return bits;
    }

    private static Dictionary<string, int> Names(int first, params string[] names) =>
        names.Select((name, i) => (name, first + i)).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
}
