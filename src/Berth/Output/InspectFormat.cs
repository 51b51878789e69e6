using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Commands;

namespace Berth.Cli.Output;

/// <summary>
/// An inspect command's --format: Podman's indented JSON array by default (or "json"), else a line per object from a Go
/// template over its JSON. As Podman 4.3's inspect, "table " makes aligned columns with no header row, and "table"
/// alone is plain text.
/// </summary>
public sealed class InspectFormat
{
    public Option<string?> Option { get; } = new("--format", "-f") { Description = "Format the output with a Go template such as \"{{.State.Status}}\", or \"json\"" };

    /// <summary>The template, parsed before anything is looked up so that one which does not parse fails first; null for JSON.</summary>
    public GoTemplate? Template(ParseResult parse) => Parse(parse.GetValue(Option));

    public static GoTemplate? Parse(string? format) => format switch
    {
        null or "json" => null,
        // Only "table " starts a table: Podman prints a lone "table" as it is.
        "table" => GoTemplate.Parse("{{\"table\"}}"),
        _ => GoTemplate.Parse(format),
    };

    public static void Write(GoTemplate? template, IEnumerable<JsonNode> objects) => Console.Write(Text(template, objects));

    /// <summary>What <see cref="Write"/> prints for <paramref name="objects"/>.</summary>
    public static string Text(GoTemplate? template, IEnumerable<JsonNode> objects)
    {
        if (template is null)
        {
            return new JsonArray([.. objects]).ToJsonString(ContainerInspectCommand.OutputOptions) + "\n";
        }
        if (template.IsTable)
        {
            var rows = objects.Select(o => template.RenderCells(o.AsObject())).ToList();
            // Podman's tabwriter, as its listings use; the header row is left out.
            return rows.Count == 0 ? "" : string.Concat(TextTable.Lines(rows, minimumWidth: 12).Select(l => l + "\n"));
        }
        // A template that ends its line itself gets no second newline, as Podman's.
        return string.Concat(objects.Select(o => template.Render(o.AsObject())).Select(text => text.EndsWith('\n') ? text : text + "\n"));
    }
}
