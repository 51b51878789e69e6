using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>
/// `image ls [-a] [-q] [--filter K=V…] [--format F] [--no-trunc] [--noheading]`: one row per name (dangling images
/// as &lt;none&gt;), newest first, in Podman's columns or template fields (<see cref="ImageListRow"/>); intermediate
/// images (build cache) only with -a.
/// </summary>
public static class ImageListCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only image ids" };
        var all = new Option<bool>("--all", "-a") { Description = "Also list intermediate images (a build's cached steps)" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output: reference, dangling, label, before, since (KEY=VALUE)" };
        var format = new Option<string?>("--format") { Description = "\"json\", or a Go template such as \"{{.Repository}}:{{.Tag}} {{.ID}}\"" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate output" };
        var noHeading = new Option<bool>("--noheading", "-n") { Description = "Do not print column headings" };
        var command = new Command(name, "List local images") { quiet, all, filter, format, noTrunc, noHeading };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filters = ImageListFilter.Parse(parse.GetValue(filter) ?? []);
            var formatText = parse.GetValue(format) ?? ImageListRow.DefaultFormat;
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var store = ImageCommand.OpenStore(parse);
            var images = (await store.ListAsync(cancellationToken)).OrderByDescending(i => i.Created).ToList();
            if (!parse.GetValue(all))
            {
                var intermediate = await IntermediateImages.FindAsync(store, images, cancellationToken);
                images.RemoveAll(i => intermediate.Contains(i.Id));
            }
            var referencedTimes = await filters.ReferencedTimesAsync(store, cancellationToken);
            // Labels are in each image's config: read only when something shows or filters them.
            var needsLabels = filters.NeedsLabels || template is null || formatText.Contains(".Labels", StringComparison.Ordinal);
            var now = DateTimeOffset.UtcNow;
            var rows = new List<ImageListRow>();
            foreach (var image in images)
            {
                var labels = needsLabels
                    ? (await store.ReadConfigAsync(image, cancellationToken)).Config?.Labels ?? new Dictionary<string, string>()
                    : new Dictionary<string, string>();
                if (filters.Matches(image, labels, referencedTimes))
                {
                    // A row per name, but JSON (and -q) has one entry per image, as Podman's.
                    string?[] names = template is null || parse.GetValue(quiet) || image.Names.Count == 0 ? [image.Names.FirstOrDefault()] : [.. image.Names];
                    rows.AddRange(names.Select(n => new ImageListRow(image, n, labels, now, parse.GetValue(noTrunc))));
                }
            }
            if (parse.GetValue(quiet))
            {
                rows.ForEach(r => Console.WriteLine(r.Field("ID")));
            }
            else
            {
                TemplateOutput.Write(rows, template, parse.GetValue(noHeading) ? null : ImageListRow.HeaderOf);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
