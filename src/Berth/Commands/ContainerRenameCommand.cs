using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`rename CONTAINER NEW_NAME`: prints nothing, as Podman's.</summary>
public static class ContainerRenameCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var newName = new Argument<string>("NAME");
        var command = new Command("rename", "Rename an existing container") { container, newName };
        command.SetAction(parse =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            engine.Store.Rename(engine.Store.Find(parse.GetValue(container)!), parse.GetValue(newName)!);
            return ExitCodes.Success;
        });
        return command;
    }
}
