using System.CommandLine;
using Berth.Engine.Pods;

namespace Berth.Cli.Commands;

/// <summary>`pod prune [-f]`: removes every pod none of whose containers runs or is paused, with its containers; prints their ids.</summary>
public static class PodPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var command = new Command("prune", "Remove all stopped pods and their containers") { force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!PruneConfirmation.Confirm(parse.GetValue(force), "WARNING! This will remove all stopped/exited pods.."))
            {
                return ExitCodes.Success;
            }
            var engine = GlobalOptions.OpenEngine(parse);
            foreach (var pod in engine.Pods.Store.List().Where(p => engine.Pods.Lifecycle.StatusOf(p) is PodStatus.Created or PodStatus.Exited or PodStatus.Stopped))
            {
                await engine.Pods.Lifecycle.RemoveAsync(pod, force: false, cancellationToken);
                Console.WriteLine(pod.Id);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
