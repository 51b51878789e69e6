using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Containers.Changes;

namespace Berth.Cli.Commands;

/// <summary>`diff CONTAINER`: what the container changed in its image's filesystem, a "C|A|D PATH" line each, or Podman's JSON.</summary>
public static class ContainerDiffCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "Change the output format (json)" };
        var container = new Argument<string?>("CONTAINER") { Arity = ArgumentArity.ZeroOrOne };
        var latest = new LatestContainer();
        var command = new Command("diff", "Inspect changes to the container's file systems") { format, latest.Option, container };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(format) switch
            {
                null or "" => false,
                "json" => true,
                var other => throw new InvalidArgumentException($"unknown format \"{other}\": only \"json\" is supported"),
            };
            var engine = ContainerCommand.OpenEngine(parse);
            var record = engine.States.FindRefreshed(latest.Names(parse, parse.GetValue(container) is { } name ? [name] : []).Single());
            var changes = await engine.Changes.ListAsync(record, cancellationToken);
            Console.Write(json ? Json(changes) : string.Concat(changes.Select(c => $"{c.Letter} {c.Path}\n")));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Podman's {"changed": […], "added": […], "deleted": […]}, empty lists left out.</summary>
    public static string Json(IReadOnlyList<FilesystemChange> changes)
    {
        var obj = new JsonObject();
        foreach (var (key, kind) in new[] { ("changed", ChangeKind.Modified), ("added", ChangeKind.Added), ("deleted", ChangeKind.Deleted) })
        {
            var paths = changes.Where(c => c.Kind == kind).Select(c => (JsonNode?)c.Path).ToArray();
            if (paths.Length > 0)
            {
                obj[key] = new JsonArray(paths);
            }
        }
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
