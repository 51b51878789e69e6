using System.Text.Json.Nodes;
using Berth.Cli.Output.Templates;

namespace Berth.Cli.Output;

/// <summary>
/// A --format template: Go's text/template language (fields, variables, pipelines, if / with /
/// range / else, and the functions in <see cref="TemplateFunctions"/>) over a listing's rows or an
/// inspected object's JSON, with the escapes \t and \n. A "table " prefix makes columns (after
/// containers/common's report package: spaces and tabs between actions separate cells) under a header
/// row of the fields' headers.
/// </summary>
public sealed class GoTemplate
{
    private readonly IReadOnlyList<IReadOnlyList<TemplateNode>> _cells;

    private GoTemplate(bool isTable, IReadOnlyList<IReadOnlyList<TemplateNode>> cells)
    {
        IsTable = isTable;
        _cells = cells;
    }

    /// <summary>Whether the template makes aligned columns under a header row.</summary>
    public bool IsTable { get; }

    /// <summary>Parses the whole template, so one that does not parse fails before anything is printed.</summary>
    public static GoTemplate Parse(string format)
    {
        var isTable = format.StartsWith("table ", StringComparison.Ordinal) || format == "table";
        var body = (isTable ? format[Math.Min(6, format.Length)..] : format).Replace(@"\t", "\t").Replace(@"\n", "\n");
        var nodes = TemplateParser.Parse(body);
        return new GoTemplate(isTable, isTable ? Cells(nodes) : [nodes]);
    }

    /// <summary>The text of each cell for <paramref name="row"/> (one cell unless <see cref="IsTable"/>).</summary>
    public string[] Render(ITemplateData row) => [.. _cells.Select(cell => TemplateExecution.Run(cell, new RowValue(row)))];

    /// <summary>The template's text for an inspected object (Podman's inspect --format).</summary>
    public string Render(JsonObject inspected) => string.Concat(RenderCells(inspected));

    /// <summary>The text of each cell for an inspected object (one cell unless <see cref="IsTable"/>).</summary>
    public string[] RenderCells(JsonObject inspected) => [.. _cells.Select(cell => TemplateExecution.Run(cell, inspected))];

    /// <summary>The header row of a table: each cell named by the header of the first field it prints (<paramref name="headerOf"/>), literal text kept.</summary>
    public string[] Headers(Func<string, string> headerOf) =>
        [.. _cells.Select(cell => string.Concat(cell.Select(node => node switch
        {
            TextNode text => text.Text,
            ActionNode action when FirstField(action.Pipeline) is { } field => headerOf(field),
            _ => "",
        })))];

    /// <summary>In a table, whitespace in the top level's text separates cells; actions and branches stay in the cell they are in.</summary>
    private static List<IReadOnlyList<TemplateNode>> Cells(IReadOnlyList<TemplateNode> nodes)
    {
        var cells = new List<List<TemplateNode>> { new() };
        foreach (var node in nodes)
        {
            if (node is not TextNode text)
            {
                cells[^1].Add(node);
                continue;
            }
            var pieces = text.Text.Split([' ', '\t'], StringSplitOptions.None);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0 && cells[^1].Count > 0)
                {
                    cells.Add([]);
                }
                if (pieces[i].Length > 0)
                {
                    cells[^1].Add(new TextNode(pieces[i]));
                }
            }
        }
        return [.. cells.Where(c => c.Count > 0)];
    }

    private static string? FirstField(Pipeline pipeline) =>
        pipeline.Commands.SelectMany(c => c.Arguments).OfType<FieldOperand>().FirstOrDefault(f => f.Receiver is null) is { } field ? string.Join('.', field.Path) : null;
}
