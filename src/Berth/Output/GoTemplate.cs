using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Output;

/// <summary>
/// The part of Go's text/template that Podman's <c>--format</c> users write: literal text, <c>{{.Field}}</c>,
/// <c>{{json .}}</c> and <c>{{json .Field}}</c>, the escapes \t and \n. A "table " prefix makes columns
/// (after containers/common's report package: spaces and tabs between actions separate cells) under a
/// header row of the fields' headers.
/// </summary>
public sealed partial class GoTemplate
{
    private readonly IReadOnlyList<IReadOnlyList<string>> _cells;

    private GoTemplate(bool isTable, IReadOnlyList<IReadOnlyList<string>> cells)
    {
        IsTable = isTable;
        _cells = cells;
    }

    /// <summary>Whether the template makes aligned columns under a header row.</summary>
    public bool IsTable { get; }

    public static GoTemplate Parse(string format)
    {
        var isTable = format.StartsWith("table ", StringComparison.Ordinal) || format == "table";
        var body = (isTable ? format[Math.Min(6, format.Length)..] : format).Replace(@"\t", "\t").Replace(@"\n", "\n");
        var tokens = Token().Matches(body).Select(m => m.Value).ToList();
        // What is left of the text once the closed actions are out holds "{{" only where one is never closed (Go's error).
        if (string.Concat(tokens.Where(t => Action(t) is null)).Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidArgumentException("template: unclosed action");
        }
        // An action Berth cannot evaluate fails here, before anything is printed.
        tokens.ForEach(token => Action(token));
        if (!isTable)
        {
            return new GoTemplate(false, [tokens]);
        }
        // In a table, whitespace outside actions separates cells; text inside one cell stays together.
        var cells = new List<List<string>> { new() };
        foreach (var token in tokens)
        {
            if (token.StartsWith("{{", StringComparison.Ordinal))
            {
                cells[^1].Add(token);
                continue;
            }
            var pieces = token.Split([' ', '\t'], StringSplitOptions.None);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0 && cells[^1].Count > 0)
                {
                    cells.Add([]);
                }
                if (pieces[i].Length > 0)
                {
                    cells[^1].Add(pieces[i]);
                }
            }
        }
        return new GoTemplate(true, [.. cells.Where(c => c.Count > 0)]);
    }

    /// <summary>The text of each cell for <paramref name="row"/> (one cell unless <see cref="IsTable"/>).</summary>
    public string[] Render(ITemplateData row) => [.. _cells.Select(cell => string.Concat(cell.Select(token => Evaluate(token, row))))];

    /// <summary>The header row of a table: each field named by its header (<paramref name="headerOf"/>), literal text kept.</summary>
    public string[] Headers(Func<string, string> headerOf) =>
        [.. _cells.Select(cell => string.Concat(cell.Select(token => Action(token) is { } action ? headerOf(action.TrimStart('.').Replace("json ", "")) : token)))];

    private static string Evaluate(string token, ITemplateData row)
    {
        if (Action(token) is not { } action)
        {
            return token;
        }
        if (action == "json .")
        {
            return row.ToJson().ToJsonString();
        }
        var json = action.StartsWith("json ", StringComparison.Ordinal);
        var field = (json ? action[5..].Trim() : action).TrimStart('.');
        var value = row.Field(field) ?? throw new InvalidArgumentException($"template: can't evaluate field {field}");
        return json ? System.Text.Json.Nodes.JsonValue.Create(value).ToJsonString() : value;
    }

    /// <summary>The action inside {{ }}, trimmed and with whitespace collapsed, or null for literal text.</summary>
    private static string? Action(string token)
    {
        if (!token.StartsWith("{{", StringComparison.Ordinal))
        {
            return null;
        }
        var inner = token[2..^2].Trim();
        var collapsed = new StringBuilder();
        foreach (var part in inner.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            collapsed.Append(collapsed.Length > 0 ? " " : "").Append(part);
        }
        if (!(collapsed.ToString() is var action && (action.StartsWith('.') || action.StartsWith("json .", StringComparison.Ordinal))))
        {
            throw new InvalidArgumentException($"template: unsupported action {token} (Berth understands {{{{.Field}}}}, {{{{json .}}}} and {{{{json .Field}}}})");
        }
        return action;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|[^{]+|\{", RegexOptions.Singleline)]
    private static partial Regex Token();
}
