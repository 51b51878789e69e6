using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `container cleanup [--rm] CONTAINER`: what the shim runs when a container exits (Podman's exit command);
/// releases the rootfs mount, the network and the runtime's state, and removes an --rm container;
/// a container whose restart policy says so is started again after its back-off.
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
            var id = parse.GetValue(container)!;
            // The attached client (or `rm`) may have removed the container, even its whole root, before the
            // shim got here: opening the engine would then bring the removed folders back.
            var directory = Path.Combine(parse.GetValue(GlobalOptions.Root)!, "containers", id);
            if (!Directory.Exists(directory))
            {
                return ExitCodes.Success;
            }
            // An attached client (a foreground `run --rm`) reads the exit code, then releases and removes the container
            // itself: this process would only contend for its lock and start the runtime for nothing.
            if (parse.GetValue(remove) && ContainerStore.IsAttached(directory))
            {
                return ExitCodes.Success;
            }
            var engine = ContainerCommand.OpenEngine(parse);
            // conmon waits for its exit command, so the back-off is waited out here, while nothing else holds the container.
            if (await engine.Lifecycle.CleanupAsync(id, parse.GetValue(remove), cancellationToken) is { } waiting)
            {
                await engine.Lifecycle.RestartForPolicyAsync(waiting, cancellationToken);
            }
            return ExitCodes.Success;
        });
        return cleanup;
    }
}
