using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Processes;

namespace Berth.Cli.Commands;

/// <summary>
/// `top CONTAINER [DESCRIPTOR…]`: the container's processes with psgo's descriptors, as `podman top`
/// (default USER PID PPID %CPU ELAPSED TTY TIME COMMAND; descriptors by name or AIX code, space- or comma-separated);
/// other arguments are ps(1)'s, for the container's own ps.
/// </summary>
public static class ContainerTopCommand
{
    public static Command Create()
    {
        // With --latest every argument is a descriptor, so the container is not an argument of its own.
        var given = new Argument<string[]>("CONTAINER [DESCRIPTORS...]") { Arity = ArgumentArity.ZeroOrMore, Description = $"The container (unless --latest), then columns: {string.Join(',', ProcessDescriptors.All.Select(d => d.Name).Order())}" };
        var latest = new LatestContainer();
        var command = new Command("top", "Display the running processes of a container") { latest.Option, given };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var values = parse.GetValue(given) ?? [];
            var isLatest = parse.GetValue(latest.Option);
            var name = latest.Names(parse, isLatest ? [] : values.Take(1).ToArray())[0];
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(name);
            var arguments = isLatest ? values : values[1..];
            if (!ProcessDescriptors.TryParse(arguments, out _, out _))
            {
                // ps(1) flags (-eo …): Podman runs the container's own ps with them.
                foreach (var line in await engine.Top.PsAsync(record, arguments, cancellationToken))
                {
                    Console.WriteLine(line);
                }
                return ExitCodes.Success;
            }
            Write(engine.Top.Table(record, arguments));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The table as `podman top` prints it: columns at least 12 wide, a header line first.</summary>
    internal static void Write(ProcessTable table)
    {
        List<string[]> rows = [[.. table.Titles]];
        rows.AddRange(table.Processes.Select(p => p.ToArray()));
        TextTable.Write(rows, minimumWidth: 12);
    }
}
