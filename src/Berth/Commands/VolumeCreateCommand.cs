using System.CommandLine;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>`volume create [--driver local] [-l K=V] [-o K=V] [NAME]`: prints the name (a generated one without NAME).</summary>
public static class VolumeCreateCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "Name of the volume (default: a random one)", Arity = ArgumentArity.ZeroOrOne };
        var driver = new Option<string>("--driver") { Description = "Specify volume driver name", DefaultValueFactory = _ => VolumeStore.LocalDriver };
        var label = new Option<string[]>("--label", "-l") { Description = "Set metadata for a volume (K=V)" };
        var opt = new Option<string[]>("--opt", "-o") { Description = "Set driver specific options: type, device, o, uid, gid, size, inodes, copy, nocopy" };
        var command = new Command("create", "Create a new volume") { name, driver, label, opt };
        command.SetAction(parse =>
        {
            var volumeName = parse.GetValue(name);
            if (parse.GetValue(driver) is var requested && requested != VolumeStore.LocalDriver)
            {
                throw new BerthException(
                    $"volume {volumeName} uses volume plugin {requested} but it could not be retrieved: no volume plugin with name {requested} available: required plugin missing");
            }
            if (volumeName is { Length: > 0 } && !VolumeStore.IsValidName(volumeName))
            {
                throw new InvalidArgumentException("running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }
            var volume = GlobalOptions.OpenEngine(parse).Volumes.Create(volumeName,
                ContainerCreateOptions.Labels(parse.GetValue(label) ?? []), VolumeOptions.Parse(parse.GetValue(opt) ?? []));
            Console.WriteLine(volume.Name);
            return ExitCodes.Success;
        });
        return command;
    }
}
