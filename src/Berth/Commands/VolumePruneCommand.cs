using System.CommandLine;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>`volume prune [-f] [--filter K=V…]`: removes every volume no container uses (and the filters accept) and prints their names.</summary>
public static class VolumePruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. 'label=<key>=<value>')" };
        var command = new Command("prune", "Remove all unused volumes") { force, filter };
        command.SetAction(parse =>
        {
            var filters = VolumeListFilter.Parse(parse.GetValue(filter) ?? [], DateTimeOffset.UtcNow);
            var engine = GlobalOptions.OpenEngine(parse);
            var remover = new VolumeRemover(engine.Volumes, engine.Containers.Store);
            var used = remover.UsedNames();
            if (!parse.GetValue(force))
            {
                // Podman lists what would go before it asks, and does not ask when nothing would.
                var candidates = engine.Volumes.List().Where(v => !used.Contains(v.Name) && filters.Matches(v, used)).Select(v => v.Name).ToList();
                if (candidates.Count == 0)
                {
                    Console.WriteLine("No dangling volumes found");
                    return ExitCodes.Success;
                }
                var warning = "WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\n" + string.Join('\n', candidates);
                if (!PruneConfirmation.Confirm(false, warning))
                {
                    return ExitCodes.Success;
                }
            }
            foreach (var name in remover.Prune(v => filters.Matches(v, used)))
            {
                Console.WriteLine(name);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
