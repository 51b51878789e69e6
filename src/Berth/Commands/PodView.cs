using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Formatting;
using Berth.Engine.Pods;

namespace Berth.Cli.Commands;

/// <summary>A pod as Podman 4.3 shows it: the template fields and JSON of `pod ps`, and the JSON of `pod inspect`.</summary>
public sealed class PodView(PodRecord pod, IReadOnlyList<ContainerRecord> containers, DateTimeOffset now, bool noTrunc = false) : ITemplateData
{
    /// <summary>`pod ps`'s columns.</summary>
    public const string ListFormat = "table {{.ID}}\t{{.Name}}\t{{.Status}}\t{{.Created}}\t{{.InfraID}}\t{{.NumberOfContainers}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "POD ID",
        ["InfraID"] = "INFRA ID",
        ["NumberOfContainers"] = "# OF CONTAINERS",
    };

    public static string HeaderOf(string field) => Headers.TryGetValue(field, out var header) ? header : field.ToUpperInvariant();

    public PodStatus Status { get; } = PodStatusRules.Of([.. containers.Select(c => c.Status)]);

    public string Id => pod.Id;

    public IReadOnlyDictionary<string, string> Labels => pod.Labels;

    public string? Field(string name) => name switch
    {
        "ID" or "Id" => noTrunc ? pod.Id : pod.ShortId,
        "Name" => pod.Name,
        "Status" or "State" => Status.ToString(),
        "Created" => HumanDuration.Ago(now - pod.Created),
        "InfraID" or "InfraContainerID" => pod.InfraId is { } infra ? (noTrunc ? infra : infra[..12]) : "",
        "NumberOfContainers" or "NumContainers" => containers.Count.ToString(CultureInfo.InvariantCulture),
        "Labels" => GoText.Map(pod.Labels),
        "Networks" => string.Join(",", Networks),
        "Hostname" => pod.Hostname,
        "ContainerNames" => string.Join(",", containers.Select(c => c.Name)),
        "ContainerStatuses" => string.Join(",", containers.Select(c => c.Status.ToString().ToLowerInvariant())),
        _ => null,
    };

    private IReadOnlyList<string> Networks => pod.Networks.Count > 0 ? pod.Networks : ["podman"];

    /// <summary>Podman's `pod ps --format json` entry (ListPodsReport).</summary>
    public JsonObject ToJson() => new()
    {
        ["Cgroup"] = "",
        ["Containers"] = new JsonArray([.. containers.Select(c => (JsonNode?)new JsonObject
        {
            ["Id"] = c.Id,
            ["Names"] = c.Name,
            ["Status"] = c.Status.ToString().ToLowerInvariant(),
        })]),
        ["Created"] = JsonFields.Time(pod.Created),
        ["Id"] = pod.Id,
        ["InfraId"] = pod.InfraId ?? "",
        ["Name"] = pod.Name,
        ["Namespace"] = "",
        ["Networks"] = new JsonArray([.. Networks.Select(n => (JsonNode?)n)]),
        ["Status"] = Status.ToString(),
        ["Labels"] = JsonFields.Map(pod.Labels),
    };

    /// <summary>Podman's `pod inspect` object (InspectPodData).</summary>
    public JsonObject Describe() => new()
    {
        ["Id"] = pod.Id,
        ["Name"] = pod.Name,
        ["Namespace"] = "",
        ["Created"] = JsonFields.Time(pod.Created),
        ["ExitPolicy"] = "continue",
        ["State"] = Status.ToString(),
        ["Hostname"] = pod.Hostname,
        ["Labels"] = JsonFields.Map(pod.Labels),
        ["CreateInfra"] = pod.InfraId is not null,
        ["InfraContainerID"] = pod.InfraId ?? "",
        ["InfraConfig"] = new JsonObject
        {
            ["PortBindings"] = new JsonObject([.. pod.Ports.GroupBy(p => $"{p.ContainerPort}/{p.Protocol}").Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray(
                [.. g.Select(p => (JsonNode?)new JsonObject { ["HostIp"] = p.HostIp, ["HostPort"] = p.HostPort.ToString(CultureInfo.InvariantCulture) })])))]),
            ["Networks"] = new JsonArray([.. Networks.Select(n => (JsonNode?)n)]),
            ["InfraCommand"] = pod.InfraCommand is { } infraCommand ? new JsonArray([.. infraCommand.Select(c => (JsonNode?)c)]) : null,
        },
        ["SharedNamespaces"] = new JsonArray("ipc", "net", "uts"),
        ["NumContainers"] = containers.Count,
        ["Containers"] = new JsonArray([.. containers.Select(c => (JsonNode?)new JsonObject
        {
            ["Id"] = c.Id,
            ["Name"] = c.Name,
            ["State"] = c.Status.ToString().ToLowerInvariant(),
        })]),
    };

}
