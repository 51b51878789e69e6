using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`network disconnect [-f] NETWORK CONTAINER`: prints nothing, as Podman's.</summary>
public static class NetworkDisconnectCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("NETWORK");
        var container = new Argument<string>("CONTAINER");
        var force = new Option<bool>("--force", "-f") { Description = "Forget the network even when its interface cannot be removed" };
        var command = new Command("disconnect", "Remove a container from a network") { network, container, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await ContainerCommand.OpenEngine(parse).NetworkConnector.DisconnectAsync(
                parse.GetValue(container)!, parse.GetValue(network)!, parse.GetValue(force), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
