using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Health;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

/// <summary>`container inspect CONTAINER…`: a JSON array in Podman's shape (State, NetworkSettings, Mounts).</summary>
public static class ContainerInspectCommand
{
    internal static readonly JsonSerializerOptions OutputOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var format = new InspectFormat();
        var inspect = new Command("inspect", "Show a container's configuration and state") { latest.Option, format.Option, containers };
        inspect.SetAction(parse =>
        {
            var template = format.Template(parse);
            var engine = ContainerCommand.OpenEngine(parse);
            // Resolve every name first: an unknown one fails the command without partial output.
            var records = latest.Names(parse, parse.GetValue(containers)).Select(engine.States.FindRefreshed).ToList();
            InspectFormat.Write(template, records.Select(r => Describe(r, engine.Health.Read(r.Id))));
            return ExitCodes.Success;
        });
        return inspect;
    }

    /// <param name="health">The container's health, shown as State.Health when it has a health check.</param>
    internal static JsonObject Describe(ContainerRecord c, HealthState? health) => new()
    {
        ["Id"] = c.Id,
        ["Created"] = c.Created.ToString("O"),
        ["Path"] = c.Command.FirstOrDefault(),
        ["Args"] = new JsonArray([.. c.Command.Skip(1).Select(a => (JsonNode?)a)]),
        ["State"] = new JsonObject
        {
            ["Status"] = c.Restarting ? "restarting" : c.Status.ToString().ToLowerInvariant(),
            ["Running"] = c.Status == ContainerStatus.Running,
            ["Paused"] = c.Status == ContainerStatus.Paused,
            ["Restarting"] = c.Restarting,
            ["OOMKilled"] = c.OomKilled,
            ["Pid"] = c.Status is ContainerStatus.Running or ContainerStatus.Paused ? c.Pid : 0,
            ["ExitCode"] = c.ExitCode ?? 0,
            ["StartedAt"] = c.StartedAt?.ToString("O"),
            ["FinishedAt"] = c.FinishedAt?.ToString("O"),
            ["Health"] = HealthJson.State(c.Healthcheck, health),
        },
        ["Image"] = c.ImageId,
        ["ImageName"] = c.ImageReference,
        ["Name"] = c.Name,
        ["OCIRuntime"] = c.Runtime,
        ["RestartCount"] = c.RestartCount,
        ["HostConfig"] = ResourcesJson.AddTo(new JsonObject
        {
            // Podman's: bridge for every bridge network, container:ID with the joined container's full id.
            ["NetworkMode"] = c.NetworkContainerId is { } joined ? "container:" + joined : c.Network.ToString().ToLowerInvariant(),
            ["RestartPolicy"] = new JsonObject { ["Name"] = c.RestartPolicy.Name, ["MaximumRetryCount"] = c.RestartPolicy.MaximumRetryCount },
        }, c.Resources),
        ["NetworkSettings"] = new JsonObject
        {
            ["Mode"] = c.Network.ToString().ToLowerInvariant(),
            ["IPAddress"] = c.IPAddress ?? "",
            ["Ports"] = new JsonArray([.. c.Ports.Select(p => (JsonNode?)new JsonObject
            {
                ["HostIp"] = p.HostIp,
                ["HostPort"] = p.HostPort,
                ["ContainerPort"] = p.ContainerPort,
                ["Protocol"] = p.Protocol,
            })]),
            ["Networks"] = new JsonObject([.. c.Networks.Select(e => KeyValuePair.Create(e.Network, (JsonNode?)new JsonObject
            {
                ["IPAddress"] = e.IPAddress ?? "",
                ["IPPrefixLen"] = e.PrefixLength,
                ["Gateway"] = e.Gateway ?? "",
                ["MacAddress"] = e.MacAddress ?? "",
                ["Aliases"] = new JsonArray([.. e.Aliases.Select(a => (JsonNode?)a)]),
                ["InterfaceName"] = e.InterfaceName,
            }))]),
        },
        ["Mounts"] = new JsonArray([.. c.Mounts.Select(m => (JsonNode?)new JsonObject
        {
            ["Type"] = "bind",
            ["Source"] = m.Source,
            ["Destination"] = m.Destination,
            ["RW"] = !m.ReadOnly,
        })]),
        ["Config"] = new JsonObject
        {
            ["Hostname"] = c.Hostname,
            ["User"] = c.User ?? "",
            ["Env"] = new JsonArray([.. c.Env.Select(e => (JsonNode?)e)]),
            ["Cmd"] = new JsonArray([.. c.Command.Select(a => (JsonNode?)a)]),
            ["WorkingDir"] = c.WorkingDir,
            ["Labels"] = new JsonObject(c.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["Tty"] = c.Terminal,
            ["OpenStdin"] = c.Interactive,
            ["Healthcheck"] = HealthJson.Config(c.Healthcheck),
            ["HealthcheckOnFailureAction"] = c.Healthcheck?.OnFailure.ToString().ToLowerInvariant() ?? "none",
        },
    };
}
