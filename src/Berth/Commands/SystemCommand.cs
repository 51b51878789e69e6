using Berth.Cli.Output;
using System.CommandLine;
using Berth.Engine.Images;
using Berth.Engine.Space;

namespace Berth.Cli.Commands;

/// <summary>The `system` verb group: `df` (space used and reclaimable) and `prune [-a] [-f]`, as Podman's.</summary>
public static class SystemCommand
{
    private const string PruneWarning = """
        WARNING! This command removes:
        	- all stopped containers
        	- all {0}
        	- all leftovers of interrupted pulls, imports, loads and builds

        """;

    public static Command Create()
    {
        var system = new Command("system", "Manage the engine: disk space and the Docker API service");
        system.Subcommands.Add(CreateDf());
        system.Subcommands.Add(SystemServiceCommand.Create());
        system.Subcommands.Add(InfoCommand.Create("info"));
        system.Subcommands.Add(CreatePrune());
        return system;
    }

    private static Command CreateDf()
    {
        var df = new Command("df", "Show disk space used by images, containers and volumes");
        df.SetAction(async (parse, cancellationToken) =>
        {
            var rows = await new SpaceUsage(ImageCommand.OpenStore(parse), ContainerCommand.OpenEngine(parse)).MeasureAsync(cancellationToken);
            var table = new List<string[]> { new[] { "TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE" } };
            table.AddRange(rows.Select(r => new[] { r.Type, $"{r.Total}", $"{r.Active}", HumanSize.Format(r.Size), $"{HumanSize.Format(r.Reclaimable)} ({Percent(r)}%)" }));
            // Podman's tabwriter here: columns at least 12 wide.
            TextTable.Write(table, minimumWidth: 12);
            return ExitCodes.Success;
        });
        return df;
    }

    private static Command CreatePrune()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove every image not used by a container, not only dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation" };
        var prune = new Command("prune", "Remove stopped containers, unused images and leftovers of interrupted operations") { all, force };
        prune.SetAction(async (parse, cancellationToken) =>
        {
            var images = parse.GetValue(all) ? "images without at least one container associated with them" : "dangling images";
            if (!PruneConfirmation.Confirm(parse.GetValue(force), string.Format(PruneWarning, images)))
            {
                return ExitCodes.Success;
            }
            var store = ImageCommand.OpenStore(parse);
            var engine = ContainerCommand.OpenEngine(parse);
            var pruner = new SystemPruner(
                new ContainerPruner(engine),
                new ImagePruner(store, engine.Store, new ContainerDirectoryImageUsage(store.Layout)),
                new DebrisCollector(store.Layout, engine.Store));
            var report = await pruner.PruneAsync(parse.GetValue(all), cancellationToken);
            WriteSection("Deleted Containers", report.Containers.Removed);
            WriteSection("Deleted Images", report.Images.Removed);
            HumanSize.WriteReclaimed(report.ReclaimedBytes);
            return ContainerPruneCommand.ReportFailures(report.Containers.Failures);
        });
        return prune;
    }

    private static void WriteSection(string title, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0)
        {
            Console.WriteLine(title);
            ids.ToList().ForEach(Console.WriteLine);
        }
    }

    private static long Percent(SpaceUsageRow row) => row.Size == 0 ? 0 : row.Reclaimable * 100 / row.Size;
}
