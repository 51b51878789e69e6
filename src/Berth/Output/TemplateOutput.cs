using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Output;

/// <summary>Rows printed as a listing's --format asks: a JSON array (no template), a line each, or a table.</summary>
public static class TemplateOutput
{
    /// <param name="headerOf">A field's column header; null leaves the header row out (--noheading).</param>
    public static void Write(IReadOnlyList<ITemplateData> rows, GoTemplate? template, Func<string, string>? headerOf)
    {
        if (template is null)
        {
            Console.WriteLine(new JsonArray([.. rows.Select(r => (JsonNode?)r.ToJson())]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        if (!template.IsTable)
        {
            foreach (var row in rows)
            {
                Console.WriteLine(template.Render(row)[0]);
            }
            return;
        }
        List<string[]> table = headerOf is null ? [] : [template.Headers(headerOf)];
        table.AddRange(rows.Select(template.Render));
        if (table.Count > 0)
        {
            // Podman's listings are a tabwriter with columns at least 12 wide.
            TextTable.Write(table, minimumWidth: 12);
        }
    }
}
