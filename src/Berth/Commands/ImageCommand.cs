using System.CommandLine;
using Berth.Engine.Images;
using Berth.Engine;

namespace Berth.Cli.Commands;

/// <summary>The `image` verb group and its Docker/Podman short forms (`images`, `rmi`, `build`, `save`, `load`, `tag`, `untag`, `history`).</summary>
public static class ImageCommand
{
    public static Command Create()
    {
        var image = new Command("image", "Manage local images");
        image.Subcommands.Add(ImageBuildCommand.Create());
        image.Subcommands.Add(ImageImportCommand.Create());
        image.Subcommands.Add(ImageListCommand.Create("ls", "list"));
        image.Subcommands.Add(ImageInspectCommand.Create());
        image.Subcommands.Add(ImageRemoveCommand.Create("rm", "remove"));
        image.Subcommands.Add(ImageSaveCommand.Create());
        image.Subcommands.Add(ImageLoadCommand.Create());
        image.Subcommands.Add(ImagePullCommand.Create("pull"));
        image.Subcommands.Add(ImagePushCommand.Create("push"));
        image.Subcommands.Add(ImagePruneCommand.Create());
        image.Subcommands.Add(ImageTagCommand.Create());
        image.Subcommands.Add(ImageUntagCommand.Create());
        image.Subcommands.Add(ImageHistoryCommand.Create());
        image.Subcommands.Add(ImageExistsCommand.Create());
        image.Subcommands.Add(ImageTreeCommand.Create());
        return image;
    }

    /// <summary>The Docker/Podman short forms, top-level commands by name.</summary>
    public static readonly (string Name, Func<Command> Create)[] ShortForms =
    [
        ("images", () => ImageListCommand.Create("images")),
        ("rmi", () => ImageRemoveCommand.Create("rmi")),
        ("build", ImageBuildCommand.Create),
        ("save", ImageSaveCommand.Create),
        ("load", ImageLoadCommand.Create),
        ("tag", ImageTagCommand.Create),
        ("untag", ImageUntagCommand.Create),
        ("history", ImageHistoryCommand.Create),
    ];

    internal static ImageStore OpenStore(ParseResult parse) => BerthEngine.Open(new EngineOptions { Root = parse.GetValue(GlobalOptions.Root)!, Networking = false }).Images;
}
