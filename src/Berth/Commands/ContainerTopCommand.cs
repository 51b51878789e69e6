using System.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>
/// `top CONTAINER [DESCRIPTOR…]`: the container's processes with psgo's descriptors, as `podman top`
/// (default USER PID PPID %CPU ELAPSED TTY TIME COMMAND; descriptors by name or AIX code, space- or comma-separated).
/// </summary>
public static class ContainerTopCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var descriptors = new Argument<string[]>("DESCRIPTORS") { Arity = ArgumentArity.ZeroOrMore, Description = $"Columns: {string.Join(',', Berth.Engine.Processes.ProcessDescriptors.All.Select(d => d.Name).Order())}" };
        var command = new Command("top", "Display the running processes of a container") { container, descriptors };
        command.SetAction(parse =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            var table = engine.Top.Table(engine.States.FindRefreshed(parse.GetValue(container)!), parse.GetValue(descriptors) ?? []);
            List<string[]> rows = [[.. table.Titles]];
            rows.AddRange(table.Processes.Select(p => p.ToArray()));
            TextTable.Write(rows, minimumWidth: 12);
            return ExitCodes.Success;
        });
        return command;
    }
}
