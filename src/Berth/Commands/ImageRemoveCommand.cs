using System.CommandLine;
using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

public static class ImageRemoveCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var references = new Argument<string[]>("REF") { Arity = ArgumentArity.OneOrMore, Description = "Images to remove" };
        var force = new Option<bool>("--force", "-f") { Description = "Remove even when containers use the image or it has several names" };
        var command = new Command(name, "Remove local images") { references, force };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = ImageCommand.OpenStore(parse);
            var remover = new ImageRemover(store, new ContainerStore(store.Layout.Root), new ContainerDirectoryImageUsage(store.Layout));
            foreach (var reference in parse.GetValue(references)!)
            {
                foreach (var line in await remover.RemoveAsync(reference, parse.GetValue(force), cancellationToken))
                {
                    Console.WriteLine(line);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
