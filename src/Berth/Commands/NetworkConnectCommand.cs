using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`network connect [--alias NAME…] [--ip IP] NETWORK CONTAINER`: prints nothing, as Podman's.</summary>
public static class NetworkConnectCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("NETWORK");
        var container = new Argument<string>("CONTAINER");
        var alias = new Option<string[]>("--alias") { Description = "Network scoped alias for the container" };
        var address = new Option<string?>("--ip") { Description = "A static IPv4 address for the container on this network" };
        var command = new Command("connect", "Add a container to a network") { network, container, alias, address };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await ContainerCommand.OpenEngine(parse).NetworkConnector.ConnectAsync(
                parse.GetValue(container)!, parse.GetValue(network)!, parse.GetValue(alias) ?? [], parse.GetValue(address), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
