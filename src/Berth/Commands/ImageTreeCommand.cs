using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`image tree IMAGE`: the image's layers as Podman 4.3 draws them, each with the images whose top layer it is.</summary>
public static class ImageTreeCommand
{
    public static Command Create()
    {
        var whatRequires = new Option<bool>("--whatrequires") { Description = "Show all child images and layers of the specified image (not supported)" };
        var image = new Argument<string>("IMAGE");
        var command = new Command("tree", "Print layer hierarchy of an image in a tree format") { whatRequires, image };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(whatRequires))
            {
                throw new InvalidArgumentException("--whatrequires is not supported by Berth");
            }
            var tree = await ImageLayerTree.ReadAsync(ImageCommand.OpenStore(parse), parse.GetValue(image)!, cancellationToken);
            Console.Write(Render(tree));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Render(ImageLayerTree tree)
    {
        var lines = new List<string>
        {
            $"Image ID: {tree.Image.ShortId}",
            $"Tags:     [{string.Join(' ', tree.Image.Names)}]",
            $"Size:     {HumanSize.Format(tree.Image.Size)}",
            "Image Layers",
        };
        for (var i = 0; i < tree.Layers.Count; i++)
        {
            var layer = tree.Layers[i];
            var top = layer.TopLayerOf.Count > 0 ? $" Top Layer of: [{string.Join(' ', layer.TopLayerOf)}]" : "";
            // Right-aligned in 7 columns, as Podman pads it: "Size:  2.13MB", "Size: 1.997MB".
            lines.Add($"{(i == tree.Layers.Count - 1 ? "└── " : "├── ")}ID: {layer.ChainId.Short} Size: {HumanSize.Format(layer.Size),7}{top}");
        }
        return string.Join('\n', lines) + "\n\n";
    }
}
