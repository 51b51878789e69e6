using System.CommandLine;
using Berth.Engine.Network;
using Berth.Engine.Pods;

namespace Berth.Cli.Commands;

/// <summary>`pod create [--name N | NAME] [-p HOST:CTR…] [--network NET…] [--label K=V…] [--hostname H] [--infra-image IMAGE] [--infra-command CMD] [--infra-name N]`: prints the pod's id, as Podman's.</summary>
public static class PodCreateCommand
{
    public static Command Create()
    {
        var nameArgument = new Argument<string?>("NAME") { Arity = ArgumentArity.ZeroOrOne, Description = "Name of the pod" };
        var name = new Option<string?>("--name", "-n") { Description = "Assign a name to the pod" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Publish a port of the pod [IP:]HOST:CTR[/tcp|udp]" };
        var network = new Option<string[]>("--network") { Description = "The user networks the pod joins (default: the bridge network)" };
        var label = new Option<string[]>("--label", "-l") { Description = "Set metadata on the pod (K=V)" };
        var hostname = new Option<string?>("--hostname") { Description = "The pod's host name, which its containers share (default: its name)" };
        var infraImage = new Option<string?>("--infra-image") { Description = "Image to use for the infra container instead of the built-in pause program" };
        var infraCommand = new Option<string?>("--infra-command") { Description = "Overwrite the default ENTRYPOINT of the infra image (a path, or a JSON array)" };
        var infraName = new Option<string?>("--infra-name") { Description = "Assign a name to the infra container" };
        var command = new Command("create", "Create a new empty pod") { nameArgument, name, publish, network, label, hostname, infraImage, infraCommand, infraName };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(nameArgument) is { } positional && parse.GetValue(name) is { } flag && positional != flag)
            {
                throw new InvalidArgumentException("cannot specify both --name and a name as an argument");
            }
            var networks = (parse.GetValue(network) ?? []).Where(n => n != "bridge").ToList();
            var pod = await GlobalOptions.OpenEngine(parse).Pods.Creator.CreateAsync(new PodCreateRequest
            {
                Name = parse.GetValue(name) ?? parse.GetValue(nameArgument),
                Hostname = parse.GetValue(hostname),
                Labels = ContainerCreateOptions.Labels(parse.GetValue(label) ?? []),
                Ports = [.. (parse.GetValue(publish) ?? []).Select(PortMapping.Parse)],
                Networks = networks,
                InfraImage = parse.GetValue(infraImage),
                InfraCommand = parse.GetValue(infraCommand) is { } entrypoint ? InfraCommand.Parse(entrypoint) : null,
                InfraName = parse.GetValue(infraName),
            }, cancellationToken);
            Console.WriteLine(pod.Id);
            return ExitCodes.Success;
        });
        return command;
    }
}
