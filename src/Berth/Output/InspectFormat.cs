using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Commands;

namespace Berth.Cli.Output;

/// <summary>An inspect command's --format: Podman's indented JSON array by default (or "json"), else a line per object from a Go template over its JSON.</summary>
public sealed class InspectFormat
{
    public Option<string?> Option { get; } = new("--format", "-f") { Description = "Format the output with a Go template such as \"{{.State.Status}}\", or \"json\"" };

    /// <summary>The template, parsed before anything is looked up so that one which does not parse fails first; null for JSON.</summary>
    public GoTemplate? Template(ParseResult parse) => parse.GetValue(Option) is { } text and not "json" ? GoTemplate.Parse(text) : null;

    public static void Write(GoTemplate? template, IEnumerable<JsonNode> objects)
    {
        if (template is null)
        {
            Console.WriteLine(new JsonArray([.. objects]).ToJsonString(ContainerInspectCommand.OutputOptions));
            return;
        }
        foreach (var obj in objects)
        {
            Console.WriteLine(template.Render(obj.AsObject()));
        }
    }
}
