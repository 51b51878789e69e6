using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tables;

/// <summary>A printer declared as a list of columns with their cell functions.</summary>
internal sealed class ColumnPrinter(params PrintedColumn[] columns) : IResourcePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = columns.Select(c => c.Column).ToArray();

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new JsonArray();
        foreach (var column in columns)
        {
            cells.Add(column.Cell(obj, now));
        }

        return cells;
    }
}
