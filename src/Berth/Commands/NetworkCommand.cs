using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>The `network` verb group: user networks (a bridge each, with name resolution between its containers), as Podman's.</summary>
public static class NetworkCommand
{
    public static Command Create()
    {
        var network = new Command("network", "Manage networks");
        network.Subcommands.Add(NetworkCreateCommand.Create());
        network.Subcommands.Add(NetworkListCommand.Create());
        network.Subcommands.Add(NetworkInspectCommand.Create());
        network.Subcommands.Add(NetworkRemoveCommand.Create());
        network.Subcommands.Add(NetworkPruneCommand.Create());
        network.Subcommands.Add(NetworkConnectCommand.Create());
        network.Subcommands.Add(NetworkDisconnectCommand.Create());
        network.Subcommands.Add(NetworkNameServerCommand.Create());
        return network;
    }
}
