using System.CommandLine;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

public static class ImageImportCommand
{
    public static Command Create()
    {
        var tarball = new Argument<string>("TARBALL") { Description = "Root filesystem tar archive (plain or gzip)" };
        var reference = new Argument<string>("REF") { Description = "Name to give the image" };
        var command = new Command("import", "Create an image from a root filesystem tarball") { tarball, reference };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var image = await new ImageImporter(ImageCommand.OpenStore(parse))
                .ImportAsync(parse.GetValue(tarball)!, parse.GetValue(reference)!, cancellationToken);
            Console.WriteLine(image.Id["sha256:".Length..]);
            return ExitCodes.Success;
        });
        return command;
    }
}
