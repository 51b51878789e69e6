namespace Berth.Cli.Output;

/// <summary>Left-aligned columns two spaces apart, as Podman's tabwriter prints its listings; the last column is not padded.</summary>
public static class TextTable
{
    /// <param name="rows">The header row first.</param>
    /// <param name="minimumWidth">The least width of a column including its padding (`system df` uses 12).</param>
    public static void Write(IReadOnlyList<string[]> rows, int minimumWidth = 0)
    {
        foreach (var line in Lines(rows, minimumWidth))
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>The lines <see cref="Write"/> prints.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<string[]> rows, int minimumWidth = 0)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => Math.Max(minimumWidth, rows.Max(r => r[c].Length) + 2)).ToArray();
        return rows.Select(row => string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
    }
}
