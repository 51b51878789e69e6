using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tables;

/// <summary>
/// Builds the <c>meta.k8s.io/v1</c> Table kubectl asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>, with the columns of real Kubernetes
/// for the built-in resources and NAME/AGE for the rest. Ages are computed with the given clock.
/// </summary>
public sealed class TableBuilder(TimeProvider time)
{
    /// <summary>The Content-Type of a Table response.</summary>
    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>The column definitions of a resource (group "" for core; resource is the plural, e.g. "pods").</summary>
    public static IReadOnlyList<TableColumn> ColumnsFor(string group, string resource) => ResourcePrinters.For(group, resource).Columns;

    /// <summary>A Table of the given objects (a list, a single get, or one watch event).</summary>
    public JsonObject Build(string group, string resource, IEnumerable<JsonObject> objects, TableOptions? options = null)
    {
        options ??= new TableOptions();
        var printer = ResourcePrinters.For(group, resource);
        var now = time.GetUtcNow();

        var metadata = new JsonObject();
        if (options.ResourceVersion is not null)
        {
            metadata["resourceVersion"] = options.ResourceVersion;
        }

        if (!string.IsNullOrEmpty(options.Continue))
        {
            metadata["continue"] = options.Continue;
        }

        if (options.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = printer.Cells(obj, now) };
            if (RowObject(obj, options.IncludeObject) is { } rowObject)
            {
                row["object"] = rowObject;
            }

            rows.Add((JsonNode)row);
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
        if (!options.OmitColumnDefinitions)
        {
            table["columnDefinitions"] = ColumnDefinitions(printer.Columns);
        }

        table["rows"] = rows;
        return table;
    }

    private static JsonArray ColumnDefinitions(IReadOnlyList<TableColumn> columns)
    {
        var definitions = new JsonArray();
        foreach (var c in columns)
        {
            definitions.Add((JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            });
        }

        return definitions;
    }

    private static JsonObject? RowObject(JsonObject obj, IncludeObjectPolicy policy) => policy switch
    {
        IncludeObjectPolicy.Object => (JsonObject)obj.DeepClone(),
        IncludeObjectPolicy.Metadata => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        },
        _ => null,
    };
}
