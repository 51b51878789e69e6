using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tables;

/// <summary>The columns of one resource and how to fill them from an object (after Kubernetes' pkg/printers/internalversion).</summary>
internal interface IResourcePrinter
{
    /// <summary>The column definitions, NAME first.</summary>
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>One cell per column for an object, at time <paramref name="now"/>.</summary>
    JsonArray Cells(JsonObject obj, DateTimeOffset now);
}
