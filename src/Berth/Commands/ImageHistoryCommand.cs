using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`history [--format F] [--no-trunc] [-q] [-H] IMAGE`: the image's steps, newest first, in Podman's columns (<see cref="ImageHistoryRow"/>).</summary>
public static class ImageHistoryCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE");
        var format = new Option<string?>("--format") { Description = "Change the output to JSON or a Go template" };
        var human = new Option<bool>("--human", "-H") { Description = "Display sizes and dates in human readable format", DefaultValueFactory = _ => true };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate the output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Display the numeric IDs only" };
        var command = new Command("history", "Show history of a specified image") { image, format, human, noTrunc, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var formatText = parse.GetValue(format) ?? ImageHistoryRow.DefaultFormat;
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var entries = await ImageHistory.ReadAsync(ImageCommand.OpenStore(parse), parse.GetValue(image)!, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var rows = entries.Select(e => new ImageHistoryRow(e, now, parse.GetValue(human), parse.GetValue(noTrunc))).ToList();
            if (parse.GetValue(quiet))
            {
                rows.ForEach(r => Console.WriteLine(r.Field("ID")));
                return ExitCodes.Success;
            }
            TemplateOutput.Write(rows, template, ImageHistoryRow.HeaderOf);
            return ExitCodes.Success;
        });
        return command;
    }
}
