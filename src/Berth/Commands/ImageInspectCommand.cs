using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

public static class ImageInspectCommand
{
    public static Command Create()
    {
        var references = new Argument<string[]>("REF") { Arity = ArgumentArity.OneOrMore, Description = "Images to inspect" };
        var command = new Command("inspect", "Show the configuration of images as JSON") { references };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inspector = new ImageInspector(ImageCommand.OpenStore(parse));
            var result = new JsonArray();
            foreach (var reference in parse.GetValue(references)!)
            {
                result.Add((JsonNode)await inspector.InspectAsync(reference, cancellationToken));
            }
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return ExitCodes.Success;
        });
        return command;
    }
}
