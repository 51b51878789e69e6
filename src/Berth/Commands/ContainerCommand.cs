using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>The `container` verb group and its Docker-style short forms (`run`, `create`, `start`, `ps`, `exec`, `logs`, `stop`, `kill`, `rm`, `pause`, `unpause`, `stats`, `top`, `port`, `wait`, `rename`, `restart`, `update`, `cp`, `attach`, `commit`, `diff`, `export`, `mount`, `umount`).</summary>
public static class ContainerCommand
{
    public static Command Create()
    {
        var container = new Command("container", "Manage containers");
        foreach (var (name, create) in ShortForms)
        {
            container.Subcommands.Add(name == "ps" ? ContainerListCommand.Create("ls", "list", "ps") : create());
        }
        // Top-level `inspect` belongs to every object kind; containers answer `container inspect`.
        container.Subcommands.Add(ContainerInspectCommand.Create());
        container.Subcommands.Add(ContainerCleanupCommand.Create());
        container.Subcommands.Add(ContainerPruneCommand.Create());
        container.Subcommands.Add(ContainerExistsCommand.Create());
        return container;
    }

    /// <summary>The verbs that are also top-level commands, by name; `container` has each of them too (`ps` as `ls`).</summary>
    public static readonly (string Name, Func<Command> Create)[] ShortForms =
    [
        ("run", ContainerRunCommand.Create),
        ("create", ContainerCreateCommand.Create),
        ("start", ContainerStartCommand.Create),
        ("ps", () => ContainerListCommand.Create("ps")),
        ("exec", ContainerExecCommand.Create),
        ("logs", ContainerLogsCommand.Create),
        ("stop", ContainerStopCommand.Create),
        ("kill", ContainerKillCommand.Create),
        ("rm", ContainerRemoveCommand.Create),
        ("pause", () => ContainerPauseCommand.Create("pause")),
        ("unpause", () => ContainerPauseCommand.Create("unpause")),
        ("stats", ContainerStatsCommand.Create),
        ("top", ContainerTopCommand.Create),
        ("port", ContainerPortCommand.Create),
        ("wait", ContainerWaitCommand.Create),
        ("rename", ContainerRenameCommand.Create),
        ("restart", ContainerRestartCommand.Create),
        ("update", ContainerUpdateCommand.Create),
        ("cp", ContainerCopyCommand.Create),
        ("attach", ContainerAttachCommand.Create),
        ("commit", ContainerCommitCommand.Create),
        ("diff", ContainerDiffCommand.Create),
        ("export", ContainerExportCommand.Create),
        ("mount", ContainerMountCommand.Create),
        ("umount", () => ContainerMountCommand.CreateUnmount("umount", "unmount")),
    ];

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
