using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`container exists CONTAINER`: exit 0 when a container has that name or id, 1 when none; prints nothing.</summary>
public static class ContainerExistsCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var command = new Command("exists", "Check if a container exists in local storage") { container };
        command.SetAction(parse =>
        {
            try
            {
                ContainerCommand.OpenEngine(parse).Store.Find(parse.GetValue(container)!);
                return ExitCodes.Success;
            }
            catch (NotFoundException)
            {
                return ExitCodes.NotExists;
            }
        });
        return command;
    }
}
