using Berth.Cli.Output;
using System.CommandLine;
using Berth.Engine.Images;
using Berth.Engine.Space;

namespace Berth.Cli.Commands;

/// <summary>`image prune [-a] [-f]`: removes dangling images (with -a every image no container uses), then their unreferenced blobs and layers.</summary>
public static class ImagePruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove every image not used by a container, not only dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation" };
        var command = new Command("prune", "Remove unused images") { all, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var warning = parse.GetValue(all)
                ? "WARNING! This command removes all images without at least one container associated with them."
                : "WARNING! This command removes all dangling images.";
            if (!PruneConfirmation.Confirm(parse.GetValue(force), warning))
            {
                return ExitCodes.Success;
            }
            var store = ImageCommand.OpenStore(parse);
            var containers = ContainerCommand.OpenEngine(parse).Store;
            var report = await new ImagePruner(store, containers, new ContainerDirectoryImageUsage(store.Layout)).PruneAsync(parse.GetValue(all), cancellationToken);
            report.Removed.ToList().ForEach(Console.WriteLine);
            HumanSize.WriteReclaimed(report.ReclaimedBytes);
            return ExitCodes.Success;
        });
        return command;
    }
}
