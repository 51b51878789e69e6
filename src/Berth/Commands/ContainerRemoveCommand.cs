using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`rm [-f] CONTAINER…`: removes stopped containers, or running ones with -f.</summary>
public static class ContainerRemoveCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Kill and remove running containers" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var rm = new Command("rm", "Remove containers") { force, containers };
        rm.SetAction(async (parse, cancellationToken) =>
            await ContainerCommand.ForEachAsync(parse, parse.GetValue(containers)!, async (engine, record) =>
            {
                await engine.Lifecycle.RemoveAsync(record, parse.GetValue(force), cancellationToken);
                Console.WriteLine(record.Id);
            }));
        return rm;
    }
}
