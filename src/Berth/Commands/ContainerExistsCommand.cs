using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`container exists CONTAINER`: exit 0 when a container has that name or id, 1 when none; prints nothing.</summary>
public static class ContainerExistsCommand
{
    public static Command Create() => ExistsCommand.Create("CONTAINER", "Check if a container exists in local storage",
        (parse, name, _) => Task.FromResult(ContainerCommand.OpenEngine(parse).Store.Find(name) is not null));
}
