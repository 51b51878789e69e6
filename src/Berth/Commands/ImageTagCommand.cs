using System.CommandLine;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`tag IMAGE TARGET…`: adds each name to the image (a short name goes under localhost/), as Podman's; prints nothing.</summary>
public static class ImageTagCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE");
        var targets = new Argument<string[]>("TARGET_NAME") { Arity = ArgumentArity.OneOrMore };
        var command = new Command("tag", "Add an additional name to a local image") { image, targets };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tagger = new ImageTagger(ImageCommand.OpenStore(parse));
            foreach (var target in parse.GetValue(targets)!)
            {
                await tagger.TagAsync(parse.GetValue(image)!, target, cancellationToken);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
