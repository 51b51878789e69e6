using System.Text.Json.Nodes;
using Berth.Engine.Images;

namespace Berth.DockerApi.Images;

/// <summary>dockerd's ImageSummary: an entry of GET /images/json and of /system/df's Images.</summary>
public static class ImageSummaryView
{
    /// <param name="containers">How many containers use the image; -1 when not counted (dockerd's list).</param>
    public static JsonObject Of(ImageRecord image, int containers) => new()
    {
        ["Id"] = image.Id,
        ["ParentId"] = "",
        ["RepoTags"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)n)]),
        ["RepoDigests"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)$"{n[..n.LastIndexOf(':')]}@{image.Manifest}")]),
        ["Created"] = image.Created.ToUnixTimeSeconds(),
        ["Size"] = image.Size,
        ["VirtualSize"] = image.Size,
        ["SharedSize"] = -1,
        ["Labels"] = new JsonObject(),
        ["Containers"] = containers,
    };
}
