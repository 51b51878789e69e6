using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Formatting;

namespace Berth.Cli.Commands;

/// <summary>One line of `ps`: Podman 4.3's template fields and headers for a container.</summary>
/// <param name="podName">The name of the container's pod, if it is in one.</param>
/// <param name="health">The container's health (starting, healthy, unhealthy); null without a health check.</param>
public sealed class ContainerListRow(ContainerRecord container, DateTimeOffset now, bool noTrunc, string? podName = null, string? health = null) : ITemplateData
{
    /// <summary>The default columns, as `podman ps` prints them.</summary>
    public const string DefaultFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    /// <summary>The columns of `podman ps --pod`.</summary>
    public const string PodFormat = DefaultFormat + "\t{{.Pod}}\t{{.PodName}}";

    private const int CommandWidth = 20;

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "CONTAINER ID",
        ["ImageID"] = "IMAGE ID",
        ["CreatedHuman"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "RUNNING FOR",
        ["ExitCode"] = "EXIT CODE",
        ["Pod"] = "POD ID",
    };

    public static string HeaderOf(string field) => Headers.TryGetValue(field, out var header) ? header : field.ToUpperInvariant();

    public string? Field(string name) => name switch
    {
        "ID" => noTrunc ? container.Id : container.ShortId,
        "Image" => container.ImageReference,
        "ImageID" => container.ImageId,
        "Command" => noTrunc ? CommandLine : Truncate(CommandLine),
        "CreatedHuman" or "RunningFor" => HumanDuration.Ago(now - container.Created),
        "CreatedAt" => GoText.Time(container.Created),
        // Podman 4.3's State is the human status too ("Created", "Up 5 minutes ago"); its JSON has the word.
        "Status" or "State" => ContainerStatusText.Podman(container, now, health),
        "Ports" => Ports,
        "Names" => container.Name,
        "Labels" => GoText.Map(container.Labels),
        "ExitCode" => (container.ExitCode ?? 0).ToString(CultureInfo.InvariantCulture),
        "Exited" => (container.Status == ContainerStatus.Exited ? "true" : "false"),
        "Pod" => PodId,
        "PodName" => podName ?? "",
        _ => null,
    };

    /// <summary>Podman's JSON fields (libpod's ListContainer).</summary>
    public JsonObject ToJson() => new()
    {
        ["Id"] = container.Id,
        ["Image"] = container.ImageReference,
        ["ImageID"] = container.ImageId,
        ["Command"] = new JsonArray([.. container.Command.Select(c => (JsonNode?)c)]),
        ["Created"] = container.Created.ToUnixTimeSeconds(),
        ["CreatedAt"] = HumanDuration.Ago(now - container.Created),
        ["Exited"] = container.Status == ContainerStatus.Exited,
        ["ExitCode"] = container.ExitCode ?? 0,
        ["Labels"] = new JsonObject([.. container.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        ["Names"] = new JsonArray(container.Name),
        ["Ports"] = new JsonArray([.. container.Ports.Select(p => (JsonNode?)new JsonObject
        {
            ["host_ip"] = p.HostIp,
            ["container_port"] = p.ContainerPort,
            ["host_port"] = p.HostPort,
            ["range"] = 1,
            ["protocol"] = p.Protocol,
        })]),
        ["State"] = container.Status.ToString().ToLowerInvariant(),
        ["Status"] = ContainerStatusText.Podman(container, now, health),
        ["Pod"] = container.Pod?.PodId ?? "",
        ["PodName"] = podName ?? "",
    };

    /// <summary>Podman shows a pod's id cut to 12 characters, as a container's.</summary>
    private string PodId => container.Pod?.PodId is { } id ? (noTrunc ? id : id[..Math.Min(12, id.Length)]) : "";

    private string CommandLine => string.Join(' ', container.Command);

    private string Ports => string.Join(", ", container.Ports.Select(p => $"{(p.HostIp.Length > 0 ? p.HostIp : "0.0.0.0")}:{p.HostPort}->{p.ContainerPort}/{p.Protocol}"));

    private static string Truncate(string command) => command.Length <= CommandWidth ? command : command[..(CommandWidth - 3)] + "...";
}
