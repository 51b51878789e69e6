using System.CommandLine;
using Berth.Engine.Networks;

namespace Berth.Cli.Commands;

/// <summary>`network prune [-f]`: removes every user network no container is on and prints their names.</summary>
public static class NetworkPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation" };
        var command = new Command("prune", "Remove unused networks") { force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!PruneConfirmation.Confirm(parse.GetValue(force), "WARNING! This will remove all networks not used by at least one container."))
            {
                return ExitCodes.Success;
            }
            var engine = GlobalOptions.OpenEngine(parse);
            var removed = await new NetworkRemover(engine.Networks, engine.Containers.Store).PruneAsync(_ => true, cancellationToken);
            removed.ToList().ForEach(Console.WriteLine);
            return ExitCodes.Success;
        });
        return command;
    }
}
