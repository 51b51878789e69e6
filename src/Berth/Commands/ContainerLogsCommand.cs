using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`logs [-f] [-t] CONTAINER`: replays stdout and stderr from the shim's log.</summary>
public static class ContainerLogsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the container exits" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Prefix each line with its time" };
        var container = new Argument<string>("CONTAINER");
        var logs = new Command("logs", "Print a container's output") { follow, timestamps, container };
        logs.SetAction(async (parse, cancellationToken) =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(parse.GetValue(container)!);
            await engine.Logs.CopyAsync(record, Console.Out, Console.Error, parse.GetValue(follow), parse.GetValue(timestamps), cancellationToken);
            return ExitCodes.Success;
        });
        return logs;
    }
}
