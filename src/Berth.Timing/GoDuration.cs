using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Timing;

/// <summary>
/// Durations as Docker's flags take them, in Go's time.ParseDuration syntax: a sequence of decimal
/// numbers each with a unit (ns, us/µs, ms, s, m, h), such as "30s", "1m30s", "1.5h"; "0" alone is zero.
/// </summary>
public static partial class GoDuration
{
    /// <summary>The duration in nanoseconds, or false when <paramref name="text"/> is no duration.</summary>
    public static bool TryParse(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text == "0")
        {
            return true;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        decimal total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['n', 'u', 'µ', 'μ', 'm', 's', 'h']);
            var number = decimal.Parse(part.Value[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += number * part.Value[unitStart..] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                _ => 3_600_000_000_000m,
            };
        }
        if (total > long.MaxValue)
        {
            return false;
        }
        nanoseconds = (long)total * (match.Groups["sign"].Value == "-" ? -1 : 1);
        return true;
    }

    /// <summary>Whole seconds as Go's time.Duration prints them in kube's messages: 10s, 1m20s, 1h0m0s.</summary>
    public static string FormatSeconds(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 3600 => $"{seconds / 60}m{seconds % 60}s",
            _ => $"{seconds / 3600}h{seconds / 60 % 60}m{seconds % 60}s",
        };
    }

    /// <summary>
    /// A duration as Go's time.Duration.String prints it, as Podman shows CPU time and ps-style elapsed
    /// times: "0s", "850ns", "1.5µs", "12.3ms", "4.05s", "2m3.5s", "1h0m0.25s" (fractions without trailing zeros).
    /// </summary>
    public static string Format(long nanoseconds)
    {
        var sign = nanoseconds < 0 ? "-" : "";
        var n = (ulong)Math.Abs(nanoseconds);
        if (n == 0)
        {
            return "0s";
        }
        if (n < 1_000_000_000)
        {
            var (unit, scale) = n switch
            {
                < 1_000 => ("ns", 1UL),
                < 1_000_000 => ("µs", 1_000UL),
                _ => ("ms", 1_000_000UL),
            };
            return sign + Fraction(n, scale) + unit;
        }
        var seconds = Fraction(n % 60_000_000_000, 1_000_000_000) + "s";
        var minutes = n / 60_000_000_000;
        return sign + (minutes switch
        {
            0 => seconds,
            < 60 => $"{minutes}m{seconds}",
            _ => $"{minutes / 60}h{minutes % 60}m{seconds}",
        });
    }

    /// <summary><paramref name="value"/> / <paramref name="scale"/> in decimal, the fraction without trailing zeros.</summary>
    private static string Fraction(ulong value, ulong scale)
    {
        var whole = (value / scale).ToString(CultureInfo.InvariantCulture);
        if (scale == 1 || value % scale == 0)
        {
            return whole;
        }
        var digits = (int)Math.Log10(scale);
        return whole + "." + (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex Pattern();
}
