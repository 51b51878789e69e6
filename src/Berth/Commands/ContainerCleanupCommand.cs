using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// `container cleanup [--rm] CONTAINER`: what the shim runs when a container exits (Podman's exit command);
/// releases the rootfs mount, the network and the runtime's state, and removes an --rm container.
/// </summary>
public static class ContainerCleanupCommand
{
    public static Command Create()
    {
        var remove = new Option<bool>("--rm") { Description = "Also remove the container" };
        var container = new Argument<string>("CONTAINER") { Description = "Full container ID" };
        var cleanup = new Command("cleanup", "Release what an exited container holds on the host") { remove, container };
        cleanup.SetAction(async (parse, cancellationToken) =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            await engine.Lifecycle.CleanupAsync(parse.GetValue(container)!, parse.GetValue(remove), cancellationToken);
            return ExitCodes.Success;
        });
        return cleanup;
    }
}
