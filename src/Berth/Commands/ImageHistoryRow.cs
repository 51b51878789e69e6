using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Formatting;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>One step of `history`, with Podman 4.3's template fields, headers and JSON.</summary>
/// <param name="human">-H: Created as "5 minutes ago" rather than RFC 3339.</param>
public sealed class ImageHistoryRow(ImageHistoryEntry entry, DateTimeOffset now, bool human, bool noTrunc) : ITemplateData
{
    public const string DefaultFormat = "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

    /// <summary>CreatedBy is cut to this many characters (the last three "...") without --no-trunc.</summary>
    private const int CreatedByWidth = 45;

    public static string HeaderOf(string field) => field switch
    {
        "CreatedBy" => "CREATED BY",
        "CreatedAt" => "CREATED AT",
        _ => field.ToUpperInvariant(),
    };

    public string? Field(string name) => name switch
    {
        "ID" => entry.Id is null ? "<missing>" : noTrunc ? entry.Id : entry.Id[..12],
        "Created" => entry.Created is not { } created ? "" : human ? HumanDuration.Ago(now - created) : Rfc3339(created),
        "CreatedAt" => entry.Created is { } at ? GoText.Time(at) : "",
        "CreatedBy" => noTrunc || entry.CreatedBy.Length <= CreatedByWidth ? entry.CreatedBy : entry.CreatedBy[..(CreatedByWidth - 3)] + "...",
        "Size" => HumanSize.Spaced(entry.Size),
        "Comment" => entry.Comment,
        "Tags" => $"[{string.Join(' ', entry.Tags)}]",
        _ => null,
    };

    /// <summary>Podman's JSON fields (its ImageHistoryLayer, then the report's Created).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = entry.Id ?? "<missing>",
            ["created"] = entry.Created?.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", CultureInfo.InvariantCulture),
            ["CreatedBy"] = entry.CreatedBy,
        };
        if (entry.Tags.Count > 0)
        {
            json["tags"] = new JsonArray([.. entry.Tags.Select(t => (JsonNode?)t)]);
        }
        json["size"] = entry.Size;
        json["comment"] = entry.Comment;
        json["Created"] = entry.Created is { } created ? Rfc3339(created) : "";
        return json;
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
