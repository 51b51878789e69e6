using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Formatting;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`image ls [-a]`: one row per name (dangling images as &lt;none&gt;), newest first, in Podman's columns; intermediate images (build cache) only with -a.</summary>
public static class ImageListCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only image ids" };
        var all = new Option<bool>("--all", "-a") { Description = "Also list intermediate images (a build's cached steps)" };
        var command = new Command(name, "List local images") { quiet, all };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = ImageCommand.OpenStore(parse);
            var images = (await store.ListAsync(cancellationToken)).OrderByDescending(i => i.Created).ToList();
            if (!parse.GetValue(all))
            {
                var intermediate = await IntermediateImages.FindAsync(store, images, cancellationToken);
                images.RemoveAll(i => intermediate.Contains(i.Id));
            }
            if (parse.GetValue(quiet))
            {
                foreach (var image in images)
                {
                    Console.WriteLine(image.ShortId);
                }
                return ExitCodes.Success;
            }
            var now = DateTimeOffset.UtcNow;
            var rows = new List<string[]> { new[] { "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE" } };
            foreach (var image in images)
            {
                var names = image.Names.Count > 0 ? image.Names : ["<none>:<none>"];
                foreach (var full in names)
                {
                    var colon = full.LastIndexOf(':');
                    rows.Add([full[..colon], full[(colon + 1)..], image.ShortId, HumanDuration.Ago(now - image.Created), HumanSize.Spaced(image.Size)]);
                }
            }
            TextTable.Write(rows);
            return ExitCodes.Success;
        });
        return command;
    }
}
