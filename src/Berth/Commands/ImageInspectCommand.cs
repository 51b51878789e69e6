using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

public static class ImageInspectCommand
{
    public static Command Create()
    {
        var references = new Argument<string[]>("REF") { Arity = ArgumentArity.OneOrMore, Description = "Images to inspect" };
        var format = new InspectFormat();
        var command = new Command("inspect", "Show the configuration of images as JSON") { format.Option, references };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var template = format.Template(parse);
            var inspector = new ImageInspector(ImageCommand.OpenStore(parse));
            var result = new List<JsonNode>();
            foreach (var reference in parse.GetValue(references)!)
            {
                result.Add(await inspector.InspectAsync(reference, cancellationToken));
            }
            InspectFormat.Write(template, result);
            return ExitCodes.Success;
        });
        return command;
    }
}
