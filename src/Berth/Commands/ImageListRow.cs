using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Formatting;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>One line of `images`: an image under one of its names (&lt;none&gt; when dangling), with Podman 4.3's template fields and headers.</summary>
public sealed class ImageListRow(ImageRecord image, string? name, IReadOnlyDictionary<string, string> labels, DateTimeOffset now, bool noTrunc) : ITemplateData
{
    /// <summary>The default columns, as `podman images` prints them.</summary>
    public const string DefaultFormat = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "IMAGE ID",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
    };

    public static string HeaderOf(string field) => Headers.TryGetValue(field, out var header) ? header : field.ToUpperInvariant();

    public string? Field(string field) => field switch
    {
        "Repository" => name is null ? "<none>" : name[..name.LastIndexOf(':')],
        "Tag" => name is null ? "<none>" : name[(name.LastIndexOf(':') + 1)..],
        "ID" => noTrunc ? image.Id : image.ShortId,
        "Created" or "CreatedSince" => HumanDuration.Ago(now - image.Created),
        "CreatedAt" => GoText.Time(image.Created),
        "Size" => HumanSize.Spaced(image.Size),
        "Digest" => image.Manifest,
        "Labels" => GoText.Map(labels),
        _ => null,
    };

    /// <summary>Podman's JSON fields (its ImageSummary).</summary>
    public JsonObject ToJson() => new()
    {
        ["Id"] = image.Id["sha256:".Length..],
        ["RepoTags"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)n)]),
        ["Size"] = image.Size,
        ["Labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        ["Names"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)n)]),
        ["Digest"] = image.Manifest,
        ["Dangling"] = image.Names.Count == 0,
        ["Created"] = image.Created.ToUnixTimeSeconds(),
        ["CreatedAt"] = image.Created.ToString("O"),
    };
}
