using System.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`network inspect NETWORK…`: a JSON array in Podman's shape (name, id, driver, network_interface, subnets…).</summary>
public static class NetworkInspectCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var format = new InspectFormat();
        var command = new Command("inspect", "Show a network's configuration") { format.Option, names };
        command.SetAction(parse =>
        {
            var template = format.Template(parse);
            var store = GlobalOptions.OpenEngine(parse).Networks;
            // Resolve every name first: an unknown one fails the command without partial output.
            var networks = parse.GetValue(names)!.Select(n => store.TryFind(n) ?? throw new NotFoundException($"unable to find network with name or ID {n}: network not found")).ToList();
            InspectFormat.Write(template, networks.Select(NetworkViews.Describe));
            return ExitCodes.Success;
        });
        return command;
    }
}
