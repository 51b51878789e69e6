using System.Globalization;

namespace Berth.Cli.Output;

/// <summary>
/// Byte counts in decimal units as Podman prints them (after go-units HumanSizeWithPrecision):
/// `system df` and prune use four significant digits and no space ("1.235MB"), `images` and
/// progress lines three digits and a space ("1.23 MB").
/// </summary>
public static class HumanSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string Format(long bytes, int significantDigits = 4, string separator = "")
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return $"{value.ToString("G" + significantDigits, CultureInfo.InvariantCulture)}{separator}{Units[unit]}";
    }

    /// <summary>Three significant digits and a space, as the SIZE column of `images`.</summary>
    public static string Spaced(long bytes) => Format(bytes, 3, " ");

    /// <summary>The line every prune ends with.</summary>
    public static void WriteReclaimed(long bytes) => Console.WriteLine($"Total reclaimed space: {Format(bytes)}");
}
