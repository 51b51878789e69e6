using System.CommandLine;
using System.Globalization;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`image ls [-a]`: one row per name (dangling images as &lt;none&gt;), newest first, in Podman's columns; intermediate images (build cache) only with -a.</summary>
public static class ImageListCommand
{
    private static readonly string[] SizeUnits = ["B", "kB", "MB", "GB", "TB"];

    public static Command Create(string name, params string[] aliases)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only image ids" };
        var all = new Option<bool>("--all", "-a") { Description = "Also list intermediate images (a build's cached steps)" };
        var command = new Command(name, "List local images") { quiet, all };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = ImageCommand.OpenStore(parse);
            var images = (await store.ListAsync(cancellationToken)).OrderByDescending(i => i.Created).ToList();
            if (!parse.GetValue(all))
            {
                var intermediate = await IntermediateImages.FindAsync(store, images, cancellationToken);
                images.RemoveAll(i => intermediate.Contains(i.Id));
            }
            if (parse.GetValue(quiet))
            {
                foreach (var image in images)
                {
                    Console.WriteLine(image.ShortId);
                }
                return ExitCodes.Success;
            }
            var now = DateTimeOffset.UtcNow;
            var rows = new List<string[]> { new[] { "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE" } };
            foreach (var image in images)
            {
                var names = image.Names.Count > 0 ? image.Names : ["<none>:<none>"];
                foreach (var full in names)
                {
                    var colon = full.LastIndexOf(':');
                    rows.Add([full[..colon], full[(colon + 1)..], image.ShortId, HumanAge(now - image.Created), HumanSize(image.Size)]);
                }
            }
            WriteTable(rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))));
        }
    }

    /// <summary>Decimal units with three significant digits, as `podman images` (go-units HumanSizeWithPrecision) prints them.</summary>
    private static string HumanSize(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < SizeUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return $"{value.ToString("G3", CultureInfo.InvariantCulture)} {SizeUnits[unit]}";
    }

    /// <summary>"5 minutes ago", "About an hour ago"…, after go-units HumanDuration.</summary>
    private static string HumanAge(TimeSpan age)
    {
        var seconds = (int)age.TotalSeconds;
        var minutes = (int)age.TotalMinutes;
        var hours = (int)Math.Round(age.TotalHours);
        var text = seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds} seconds",
            _ when minutes == 1 => "About a minute",
            _ when minutes < 60 => $"{minutes} minutes",
            _ when hours == 1 => "About an hour",
            _ when hours < 48 => $"{hours} hours",
            _ when hours < 24 * 7 * 2 => $"{hours / 24} days",
            _ when hours < 24 * 30 * 2 => $"{hours / 24 / 7} weeks",
            _ when hours < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{hours / 24 / 365} years",
        };
        return $"{text} ago";
    }
}
