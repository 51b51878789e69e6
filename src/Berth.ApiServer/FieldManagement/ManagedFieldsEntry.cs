using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>One entry of metadata.managedFields: who owns which fields, through which operation.</summary>
public sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, string Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>
    /// Entries are one manager each: an applier by name and subresource, an updater also by the
    /// API version it wrote through (Kubernetes' manager identity).
    /// </summary>
    public bool SameManager(ManagedFieldsEntry other) =>
        Manager == other.Manager && Operation == other.Operation && Subresource == other.Subresource
        && (Operation == Apply || ApiVersion == other.ApiVersion);

    /// <summary>How a conflict names the manager: <c>"kubectl" with subresource "scale" using apps/v1</c> (subresource and version only when they apply).</summary>
    public string ConflictName
    {
        get
        {
            var name = $"\"{Manager}\"" + (Subresource.Length > 0 ? $" with subresource \"{Subresource}\"" : "");
            return Operation == Update ? $"{name} using {ApiVersion}" : name;
        }
    }

    /// <summary>Reads an entry; null when it is malformed.</summary>
    public static ManagedFieldsEntry? FromJson(JsonNode? node)
    {
        if (node is not JsonObject entry || Text(entry, "operation") is not (Apply or Update) || FieldSet.FromFieldsV1(entry["fieldsV1"] ?? new JsonObject()) is not { } fields)
        {
            return null;
        }

        return new ManagedFieldsEntry(
            Text(entry, "manager") ?? "", Text(entry, "operation")!, Text(entry, "apiVersion") ?? "", Text(entry, "time") ?? "", Text(entry, "subresource") ?? "", fields);
    }

    public JsonObject ToJson()
    {
        var entry = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
            ["time"] = Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = Fields.ToFieldsV1(),
        };
        if (Subresource.Length > 0)
        {
            entry["subresource"] = Subresource;
        }

        return entry;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
