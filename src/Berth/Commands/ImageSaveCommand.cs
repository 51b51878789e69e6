using System.CommandLine;
using Berth.Engine.Images.Archive;

namespace Berth.Cli.Commands;

public static class ImageSaveCommand
{
    public static Command Create()
    {
        var references = new Argument<string[]>("REF") { Arity = ArgumentArity.OneOrMore, Description = "Images to save" };
        var output = new Option<string>("--output", "-o") { Required = true, Description = "Archive file to write" };
        var command = new Command("save", "Save images to an OCI archive (with a docker-compatible manifest.json)") { references, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await new ImageArchiveWriter(ImageCommand.OpenStore(parse))
                .SaveAsync(parse.GetValue(references)!, parse.GetValue(output)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
