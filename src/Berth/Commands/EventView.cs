using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Events;

namespace Berth.Cli.Commands;

/// <summary>An event as `podman events` prints it: its line, its JSON and its template fields.</summary>
public sealed class EventView(EngineEvent engineEvent) : ITemplateData
{
    /// <summary>
    /// Podman 4.3's line: Go's time, type, status, then for a container its id and (image=…, name=…[, health_status=…], labels…), for
    /// anything else its id (empty for a pull) and name.
    /// </summary>
    public string Line()
    {
        var head = $"{GoText.Time(engineEvent.Time)} {engineEvent.Type} {engineEvent.Status}";
        if (engineEvent.Type != "container")
        {
            return engineEvent.Type == "image" ? $"{head} {engineEvent.Id} {engineEvent.Name}" : $"{head} {engineEvent.Name}";
        }
        var details = new List<string> { $"image={engineEvent.Image}", $"name={engineEvent.Name}" };
        if (engineEvent.HealthStatus is { } health)
        {
            details.Add($"health_status={health}");
        }
        details.AddRange((engineEvent.Attributes ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
        return $"{head} {engineEvent.Id} ({string.Join(", ", details)})";
    }

    public string? Field(string name) => name switch
    {
        "ID" => engineEvent.Id ?? "",
        "Image" => engineEvent.Image ?? "",
        "Name" => engineEvent.Name ?? "",
        "Status" => engineEvent.Status,
        "Time" => GoText.Time(engineEvent.Time),
        "Type" => engineEvent.Type,
        "ContainerExitCode" => (engineEvent.ContainerExitCode ?? 0).ToString(CultureInfo.InvariantCulture),
        "Attributes" => GoText.Map(engineEvent.Attributes ?? new Dictionary<string, string>()),
        "HealthStatus" => engineEvent.HealthStatus ?? "",
        _ => null,
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["ID"] = engineEvent.Id,
            ["Image"] = engineEvent.Image,
            ["Name"] = engineEvent.Name,
            ["Status"] = engineEvent.Status,
            ["Time"] = JsonFields.Time(engineEvent.Time),
            ["Type"] = engineEvent.Type,
        };
        if (engineEvent.ContainerExitCode is { } code)
        {
            json["ContainerExitCode"] = code;
        }
        if (engineEvent.HealthStatus is { } health)
        {
            json["health_status"] = health;
        }
        json["Attributes"] = engineEvent.Attributes is null ? null : JsonFields.Map(engineEvent.Attributes);
        return json;
    }
}
