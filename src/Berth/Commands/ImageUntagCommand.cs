using System.CommandLine;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`untag IMAGE [NAME…]`: takes the names from the image, or all its names when none are given, as Podman's; prints nothing.</summary>
public static class ImageUntagCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE");
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("untag", "Remove a name from a local image") { image, names };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await new ImageTagger(ImageCommand.OpenStore(parse)).UntagAsync(parse.GetValue(image)!, parse.GetValue(names) ?? [], cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
