using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>A column and the function that computes its cell from an object and the current time.</summary>
internal sealed record PrintedColumn(TableColumn Column, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
{
    public static readonly PrintedColumn Name = new(TableColumn.NameColumn, (o, _) => o.Str("metadata", "name") ?? "");

    public static readonly PrintedColumn Age = new(TableColumn.AgeColumn, (o, now) => HumanDuration.Since(o.Str("metadata", "creationTimestamp"), now));

    /// <summary>The CREATED AT column of resources that show a timestamp instead of an age.</summary>
    public static readonly PrintedColumn CreatedAt = new(
        new TableColumn("Created At", "date", TableColumn.AgeColumn.Description),
        (o, _) => o.Str("metadata", "creationTimestamp") ?? "");

    /// <summary>A string column computed from the object alone.</summary>
    public static PrintedColumn Text(string name, string description, Func<JsonObject, string> cell, int priority = 0) =>
        new(TableColumn.Text(name, description, priority), (o, _) => cell(o));

    /// <summary>An integer column computed from the object alone.</summary>
    public static PrintedColumn Integer(string name, string description, Func<JsonObject, long> cell, int priority = 0) =>
        new(TableColumn.Integer(name, description, priority), (o, _) => cell(o));
}
