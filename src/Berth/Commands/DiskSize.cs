using System.Globalization;

namespace Berth.Cli.Commands;

/// <summary>Sizes as `podman system df` and the prune verbs print them (go-units HumanSize: four significant digits, decimal units, no space).</summary>
public static class DiskSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return $"{value.ToString("G4", CultureInfo.InvariantCulture)}{Units[unit]}";
    }

    /// <summary>The line every prune ends with.</summary>
    public static void WriteReclaimed(long bytes) => Console.WriteLine($"Total reclaimed space: {Format(bytes)}");
}
