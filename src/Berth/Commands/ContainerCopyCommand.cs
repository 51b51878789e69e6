using System.CommandLine;
using Berth.Engine.Containers.Files;

namespace Berth.Cli.Commands;

/// <summary>`cp [CONTAINER:]SRC [CONTAINER:]DST`: files between a container and the host, "-" a tar on stdin or stdout, as Podman's.</summary>
public static class ContainerCopyCommand
{
    public static Command Create()
    {
        var archive = new Option<bool>("--archive", "-a") { Description = "Chown copied files to the primary uid/gid of the destination container", DefaultValueFactory = _ => true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Allow to overwrite directories with non-directories and vice versa" };
        var source = new Argument<string>("[CONTAINER:]SRC_PATH");
        var destination = new Argument<string>("[CONTAINER:]DEST_PATH");
        var command = new Command("cp", "Copy files/folders between a container and the local filesystem") { archive, overwrite, source, destination };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            await using var stdin = Console.OpenStandardInput();
            await using var stdout = Console.OpenStandardOutput();
            await engine.Copier.CopyAsync(CopyEndpoint.Parse(parse.GetValue(source)!), CopyEndpoint.Parse(parse.GetValue(destination)!), parse.GetValue(overwrite),
                keepOwners: !parse.GetValue(archive), stdin, stdout, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
