using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`pause CONTAINER…` and `unpause CONTAINER…`: freeze and thaw through the freezer cgroup.</summary>
public static class ContainerPauseCommand
{
    public static Command Create(string verb)
    {
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var command = new Command(verb, verb == "pause" ? "Freeze every process of running containers" : "Thaw paused containers") { latest.Option, containers };
        command.SetAction(async (parse, cancellationToken) =>
            await ContainerCommand.ForEachAsync(parse, latest.Names(parse, parse.GetValue(containers)), async (engine, record) =>
            {
                _ = verb == "pause"
                    ? await engine.Lifecycle.PauseAsync(record, cancellationToken)
                    : await engine.Lifecycle.UnpauseAsync(record, cancellationToken);
                Console.WriteLine(record.Id);
            }));
        return command;
    }
}
