using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>A volume as Podman 4.3 shows it: the fields of `volume inspect` (and of `volume ls --format json`), and the template fields of both.</summary>
public sealed class VolumeView(VolumeRecord volume) : ITemplateData
{
    /// <summary>`volume ls`'s columns.</summary>
    public const string ListFormat = "table {{.Driver}}\t{{.Name}}";

    public static string HeaderOf(string field) => field == "Name" ? "VOLUME NAME" : field.ToUpperInvariant();

    public string? Field(string name) => name switch
    {
        "Name" => volume.Name,
        "Driver" => volume.Driver,
        "Mountpoint" => volume.Mountpoint,
        "CreatedAt" => GoText.Time(volume.Created),
        "Labels" => GoText.Map(volume.Labels),
        "Scope" => "local",
        "Options" => GoText.Map(volume.Options),
        // Berth mounts nothing for a volume: its data directory is bind-mounted as it is.
        "MountCount" => "0",
        "Anonymous" => volume.Anonymous ? "true" : "false",
        _ => null,
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["Name"] = volume.Name,
            ["Driver"] = volume.Driver,
            ["Mountpoint"] = volume.Mountpoint,
            ["CreatedAt"] = JsonFields.Time(volume.Created),
            ["Labels"] = JsonFields.Map(volume.Labels),
            ["Scope"] = "local",
            ["Options"] = JsonFields.Map(volume.Options),
            ["MountCount"] = 0,
        };
        // Podman's omitempty: only an anonymous volume says so.
        if (volume.Anonymous)
        {
            json["Anonymous"] = true;
        }
        return json;
    }
}
