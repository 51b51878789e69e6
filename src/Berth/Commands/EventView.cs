using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Events;

namespace Berth.Cli.Commands;

/// <summary>An event as `podman events` prints it: its line, its JSON and its template fields.</summary>
public sealed class EventView(EngineEvent engineEvent) : ITemplateData
{
    /// <summary>
    /// Podman 4.3's line: Go's time, type, status, then for a container or a pod its id and (image=…, name=…[, health_status=…],
    /// labels…), for a network connection the container's id and (container=ID, name=NETWORK), for a network's own create and
    /// remove (which Podman 4.3 does not record) its id and (name=NETWORK, type=bridge), for an image its id (empty for a pull)
    /// and name, for anything else its name.
    /// </summary>
    public string Line()
    {
        var head = $"{GoText.Time(engineEvent.Time)} {engineEvent.Type} {engineEvent.Status}";
        switch (engineEvent.Type)
        {
            case "image":
                return $"{head} {engineEvent.Id} {engineEvent.Name}";
            case "network" when engineEvent.Status is "connect" or "disconnect":
                return $"{head} {engineEvent.Id} (container={engineEvent.Id}, name={engineEvent.Network})";
            case "network":
                return $"{head} {engineEvent.Id} (name={engineEvent.Network}, type=bridge)";
            case not ("container" or "pod"):
                return $"{head} {engineEvent.Name}";
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
        "Network" => engineEvent.Network ?? "",
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
        if (engineEvent.Network is { } network)
        {
            json["network"] = network;
        }
        json["Attributes"] = engineEvent.Attributes is null ? null : JsonFields.Map(engineEvent.Attributes);
        return json;
    }
}
