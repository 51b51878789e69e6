using System.CommandLine;
using Berth.Engine.Networks;

namespace Berth.Cli.Commands;

/// <summary>`network create [--subnet CIDR] [--gateway IP] [--internal] [--label K=V] [-d bridge] NAME`: prints the name.</summary>
public static class NetworkCreateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the network" };
        var driver = new Option<string?>("--driver", "-d") { Description = "Network driver (bridge)" };
        var subnet = new Option<string?>("--subnet") { Description = "Subnet in CIDR form (default: a free /24 of 10.90.0.0/16)" };
        var gateway = new Option<string?>("--gateway") { Description = "Gateway of the subnet (default: its first address)" };
        var isInternal = new Option<bool>("--internal") { Description = "No route out of the network" };
        var label = new Option<string[]>("--label") { Description = "Set metadata on the network (K=V)" };
        var command = new Command("create", "Create a network") { name, driver, subnet, gateway, isInternal, label };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var network = await GlobalOptions.OpenEngine(parse).Networks.CreateAsync(new NetworkCreateRequest
            {
                Name = parse.GetValue(name)!,
                Driver = parse.GetValue(driver),
                Subnet = parse.GetValue(subnet),
                Gateway = parse.GetValue(gateway),
                Internal = parse.GetValue(isInternal),
                Labels = ContainerCreateOptions.Labels(parse.GetValue(label) ?? []),
            }, cancellationToken);
            Console.WriteLine(network.Name);
            return ExitCodes.Success;
        });
        return command;
    }
}
