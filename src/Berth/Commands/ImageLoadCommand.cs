using System.CommandLine;
using Berth.Engine.Images.Archive;

namespace Berth.Cli.Commands;

public static class ImageLoadCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Required = true, Description = "OCI archive or docker-archive to read (plain or gzip)" };
        var command = new Command("load", "Load images from an OCI archive or docker-archive") { input };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = await new ImageArchiveLoader(ImageCommand.OpenStore(parse)).LoadAsync(parse.GetValue(input)!, cancellationToken);
            foreach (var name in loaded)
            {
                Console.WriteLine($"Loaded image: {name}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
