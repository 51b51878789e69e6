using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>The `container` verb group and its Docker-style short forms (`run`, `create`, `start`, `ps`, `exec`, `logs`, `stop`, `kill`, `rm`, `pause`, `unpause`, `stats`, `top`, `port`, `wait`, `rename`, `restart`, `update`, `cp`, `attach`, `commit`, `diff`, `export`, `mount`, `umount`).</summary>
public static class ContainerCommand
{
    public static Command Create()
    {
        var container = new Command("container", "Manage containers");
        foreach (var verb in Verbs(shortForm: false))
        {
            container.Subcommands.Add(verb);
        }
        return container;
    }

    public static IEnumerable<Command> CreateShortForms() => Verbs(shortForm: true);

    private static IEnumerable<Command> Verbs(bool shortForm)
    {
        yield return ContainerRunCommand.Create();
        yield return ContainerCreateCommand.Create();
        yield return ContainerStartCommand.Create();
        yield return shortForm ? ContainerListCommand.Create("ps") : ContainerListCommand.Create("ls", "list", "ps");
        yield return ContainerExecCommand.Create();
        yield return ContainerLogsCommand.Create();
        yield return ContainerStopCommand.Create();
        yield return ContainerKillCommand.Create();
        yield return ContainerRemoveCommand.Create();
        yield return ContainerPauseCommand.Create("pause");
        yield return ContainerPauseCommand.Create("unpause");
        yield return ContainerStatsCommand.Create();
        yield return ContainerTopCommand.Create();
        yield return ContainerPortCommand.Create();
        yield return ContainerWaitCommand.Create();
        yield return ContainerRenameCommand.Create();
        yield return ContainerRestartCommand.Create();
        yield return ContainerUpdateCommand.Create();
        yield return ContainerCopyCommand.Create();
        yield return ContainerAttachCommand.Create();
        yield return ContainerCommitCommand.Create();
        yield return ContainerDiffCommand.Create();
        yield return ContainerExportCommand.Create();
        yield return ContainerMountCommand.Create();
        yield return ContainerMountCommand.CreateUnmount("umount", "unmount");
        if (!shortForm)
        {
            // Top-level `inspect` belongs to every object kind; containers answer `container inspect`.
            yield return ContainerInspectCommand.Create();
            yield return ContainerCleanupCommand.Create();
            yield return ContainerPruneCommand.Create();
            yield return ContainerExistsCommand.Create();
        }
    }

    internal static ContainerEngine OpenEngine(ParseResult parse) => GlobalOptions.OpenEngine(parse).Containers;

    /// <summary>
    /// Runs <paramref name="action"/> for each named container; reports each failure on one line and returns the
    /// last failure's exit code (<paramref name="exitCodeOf"/> maps an error to one; 0 means ignore it quietly).
    /// </summary>
    internal static async Task<int> ForEachAsync(ParseResult parse, IEnumerable<string> names, Func<ContainerEngine, ContainerRecord, Task> action,
        Func<BerthException, int>? exitCodeOf = null)
    {
        var engine = OpenEngine(parse);
        var status = ExitCodes.Success;
        foreach (var name in names)
        {
            try
            {
                await action(engine, engine.States.FindRefreshed(name));
            }
            catch (BerthException ex)
            {
                var code = exitCodeOf?.Invoke(ex) ?? ex.ExitCode;
                if (code != ExitCodes.Success)
                {
                    Console.Error.WriteLine($"Error: {ex.Message}");
                    status = code;
                }
            }
        }
        return status;
    }
}
