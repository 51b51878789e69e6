using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>`inspect [--type container|image|all] NAME…`: each name as a container if one matches, else as an image (as `podman inspect`).</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var type = new Option<string>("--type", "-t") { Description = "container, image or all", DefaultValueFactory = _ => "all" };
        type.AcceptOnlyFromAmong("all", "container", "image");
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore, Description = "Containers or images" };
        var format = new InspectFormat();
        var inspect = new Command("inspect", "Show the configuration and state of containers or images as JSON") { type, format.Option, names };
        inspect.SetAction(async (parse, cancellationToken) =>
        {
            var template = format.Template(parse);
            var kind = parse.GetValue(type)!;
            var engine = ContainerCommand.OpenEngine(parse);
            var images = new ImageInspector(ImageCommand.OpenStore(parse));
            // Resolve every name first: an unknown one fails the command without partial output.
            var result = new List<JsonNode>();
            foreach (var name in parse.GetValue(names)!)
            {
                var container = kind == "image" ? null : FindContainer(engine, name);
                JsonNode described = container is not null ? ContainerInspectCommand.Describe(container, engine.Health.Read(container.Id))
                    : kind == "container" ? throw new BerthException($"no such container \"{name}\"")
                    : await InspectImageAsync(images, name, kind, cancellationToken);
                result.Add(described);
            }
            InspectFormat.Write(template, result);
            return ExitCodes.Success;
        });
        return inspect;
    }

    /// <summary>The container named, or whose id starts with, <paramref name="name"/>; null when none does.</summary>
    private static ContainerRecord? FindContainer(ContainerEngine engine, string name) =>
        engine.Store.List().Any(c => c.Name == name || c.Id.StartsWith(name, StringComparison.Ordinal)) ? engine.States.FindRefreshed(name) : null;

    private static async Task<JsonObject> InspectImageAsync(ImageInspector images, string name, string kind, CancellationToken cancellationToken)
    {
        try
        {
            return await images.InspectAsync(name, cancellationToken);
        }
        catch (BerthException) when (kind == "all")
        {
            throw new BerthException($"no such object: \"{name}\"");
        }
    }
}
