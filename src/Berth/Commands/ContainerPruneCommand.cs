using Berth.Cli.Output;
using System.CommandLine;
using Berth.Engine.Space;

namespace Berth.Cli.Commands;

/// <summary>`container prune [-f]`: removes every container that is not running.</summary>
public static class ContainerPruneCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation" };
        var command = new Command("prune", "Remove all stopped containers") { force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!PruneConfirmation.Confirm(parse.GetValue(force), "WARNING! This will remove all non running containers."))
            {
                return ExitCodes.Success;
            }
            var report = await new ContainerPruner(ContainerCommand.OpenEngine(parse)).PruneAsync(cancellationToken);
            report.Removed.ToList().ForEach(Console.WriteLine);
            HumanSize.WriteReclaimed(report.ReclaimedBytes);
            return ReportFailures(report.Failures);
        });
        return command;
    }

    /// <summary>One "Error:" line per container that could not be removed; 125 if there was any.</summary>
    internal static int ReportFailures(IReadOnlyList<string> failures)
    {
        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"Error: {failure}");
        }
        return failures.Count > 0 ? ExitCodes.EngineError : ExitCodes.Success;
    }
}
