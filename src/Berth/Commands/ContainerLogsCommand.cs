using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>`logs [-f] [-t] [--since T] [--until T] [--tail N] CONTAINER`: replays stdout and stderr from the shim's log.</summary>
public static class ContainerLogsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the container exits" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Prefix each line with its time" };
        var since = new Option<string?>("--since") { Description = "Only lines since this time (RFC 3339, Unix seconds, or a duration such as 10m)" };
        var until = new Option<string?>("--until") { Description = "Only lines before this time (same forms as --since)" };
        var tail = new Option<int?>("--tail", "-n") { Description = "Only the last N lines (-1: all)" };
        var container = new Argument<string?>("CONTAINER") { Arity = ArgumentArity.ZeroOrOne };
        var latest = new LatestContainer();
        var logs = new Command("logs", "Print a container's output") { follow, timestamps, since, until, tail, latest.Option, container };
        logs.SetAction(async (parse, cancellationToken) =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(latest.Names(parse, parse.GetValue(container) is { } name ? [name] : [])[0]);
            var options = new LogReadOptions
            {
                Follow = parse.GetValue(follow),
                Since = PointInTime.Parse(parse.GetValue(since), DateTimeOffset.UtcNow, "--since"),
                Until = PointInTime.Parse(parse.GetValue(until), DateTimeOffset.UtcNow, "--until"),
                Tail = parse.GetValue(tail) is { } n and >= 0 ? n : null,
            };
            var atLineStart = true;
            await foreach (var entry in engine.Logs.ReadAsync(record, options, cancellationToken))
            {
                var target = entry.IsStderr ? Console.Error : Console.Out;
                if (parse.GetValue(timestamps) && atLineStart)
                {
                    await target.WriteAsync(entry.Timestamp + " ");
                }
                await target.WriteAsync(entry.Text);
                await target.FlushAsync(cancellationToken);
                atLineStart = !entry.Partial;
            }
            return ExitCodes.Success;
        });
        return logs;
    }
}
