using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.Engine.Containers;
using Berth.Engine.Formatting;
using Berth.Engine.Health;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>Containers in the shapes of Docker's API: the list's summary and inspect's full document.</summary>
public static class ContainerViews
{
    public static string StateName(ContainerRecord c) => c.Restarting ? "restarting" : c.Status.ToString().ToLowerInvariant();

    /// <param name="health">The container's health (starting, healthy, unhealthy); null without a health check.</param>
    public static JsonObject Summary(ContainerRecord c, DateTimeOffset now, string? health) => new()
    {
        ["Id"] = c.Id,
        ["Names"] = new JsonArray("/" + c.Name),
        ["Image"] = c.ImageReference,
        ["ImageID"] = c.ImageId,
        ["Command"] = string.Join(' ', c.Command),
        ["Created"] = DockerTime.Unix(c.Created),
        ["Ports"] = new JsonArray([.. c.Ports.Select(p => (JsonNode?)new JsonObject
        {
            ["IP"] = p.HostIp.Length > 0 ? p.HostIp : "0.0.0.0",
            ["PrivatePort"] = p.ContainerPort,
            ["PublicPort"] = p.HostPort,
            ["Type"] = p.Protocol,
        })]),
        ["Labels"] = Labels(c),
        ["State"] = StateName(c),
        ["Status"] = ContainerStatusText.Docker(c, now, health),
        ["HostConfig"] = new JsonObject { ["NetworkMode"] = NetworkModeName(c) },
        ["NetworkSettings"] = new JsonObject { ["Networks"] = Networks(c) },
        ["Mounts"] = Mounts(c),
    };

    /// <param name="health">The container's health, State.Health when it has a health check.</param>
    public static JsonObject Inspect(ContainerRecord c, HealthState? health) => new()
    {
        ["Id"] = c.Id,
        ["Created"] = DockerTime.Format(c.Created),
        ["Path"] = c.Command.FirstOrDefault() ?? "",
        ["Args"] = Strings(c.Command.Skip(1)),
        ["State"] = new JsonObject
        {
            ["Status"] = StateName(c),
            // dockerd keeps Running true while it waits to restart the container.
            ["Running"] = c.Status is ContainerStatus.Running or ContainerStatus.Paused || c.Restarting,
            ["Paused"] = c.Status == ContainerStatus.Paused,
            ["Restarting"] = c.Restarting,
            ["OOMKilled"] = c.OomKilled,
            ["Dead"] = false,
            ["Pid"] = c.Status is ContainerStatus.Running or ContainerStatus.Paused ? c.Pid : 0,
            ["ExitCode"] = c.ExitCode ?? 0,
            ["Error"] = "",
            ["StartedAt"] = DockerTime.Format(c.StartedAt),
            ["FinishedAt"] = DockerTime.Format(c.FinishedAt),
            ["Health"] = HealthJson.State(c.Healthcheck, health),
        },
        ["Image"] = c.ImageId,
        ["Name"] = "/" + c.Name,
        ["RestartCount"] = c.RestartCount,
        ["Driver"] = "overlay",
        ["Platform"] = "linux",
        ["LogPath"] = "",
        ["Config"] = new JsonObject
        {
            ["Hostname"] = c.Hostname ?? c.ShortId,
            ["User"] = c.User ?? "",
            ["AttachStdin"] = c.Interactive,
            ["AttachStdout"] = true,
            ["AttachStderr"] = true,
            ["Tty"] = c.Terminal,
            ["OpenStdin"] = c.Interactive,
            ["StdinOnce"] = c.Interactive,
            ["Env"] = Strings(c.Env),
            ["Cmd"] = Strings(c.Command),
            ["Image"] = c.ImageReference,
            ["WorkingDir"] = c.WorkingDir ?? "/",
            ["Labels"] = Labels(c),
            ["Healthcheck"] = HealthJson.Config(c.Healthcheck),
        },
        ["HostConfig"] = ResourcesJson.AddTo(new JsonObject
        {
            ["NetworkMode"] = NetworkModeName(c),
            ["AutoRemove"] = c.AutoRemove,
            ["Binds"] = Strings(c.Mounts.Select(m => $"{m.VolumeName ?? m.Source}:{m.Destination}{(m.ReadOnly ? ":ro" : "")}")),
            ["Tmpfs"] = new JsonObject([.. c.Tmpfs.Select(t => KeyValuePair.Create(t.Destination, (JsonNode?)string.Join(',', t.Options)))]),
            ["PortBindings"] = PortBindings(c),
            ["RestartPolicy"] = new JsonObject { ["Name"] = c.RestartPolicy.Name, ["MaximumRetryCount"] = c.RestartPolicy.MaximumRetryCount },
        }, c.Resources),
        ["NetworkSettings"] = new JsonObject
        {
            ["IPAddress"] = c.IPAddress ?? "",
            ["Ports"] = PortBindings(c),
            ["Networks"] = Networks(c),
        },
        ["Mounts"] = Mounts(c),
    };

    /// <summary>HostConfig.NetworkMode: bridge, host, none, container:ID (the joined container's full id), or the name of the container's first user network.</summary>
    public static string NetworkModeName(ContainerRecord c) =>
        c.NetworkContainerId is { } joined ? "container:" + joined
        : c.Networks.Count > 0 ? c.Networks[0].Network
        : c.Network == NetworkMode.Bridge ? "bridge" : c.Network.ToString().ToLowerInvariant();

    private static JsonObject Labels(ContainerRecord c) => new(c.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    /// <summary>
    /// The networks the container is on; a user network's aliases include the container's short id, as dockerd
    /// lists them (docker-compose reads that to know a container was connected with its aliases).
    /// </summary>
    private static JsonObject Networks(ContainerRecord c)
    {
        if (c.Network != NetworkMode.Bridge)
        {
            return [];
        }
        if (c.Networks.Count == 0)
        {
            return new JsonObject { ["bridge"] = Endpoint(NetworkStore.PredefinedId("bridge"), [], c.IPAddress, 0, null, null) };
        }
        return new JsonObject([.. c.Networks.Select(e => KeyValuePair.Create(e.Network, (JsonNode?)Endpoint(
            "", [.. e.Aliases, c.ShortId], e.IPAddress, e.PrefixLength, e.Gateway, e.MacAddress)))]);
    }

    private static JsonObject Endpoint(string networkId, IEnumerable<string> aliases, string? address, int prefix, string? gateway, string? mac) => new()
    {
        ["IPAMConfig"] = null,
        ["Links"] = null,
        ["Aliases"] = Strings(aliases),
        ["NetworkID"] = networkId,
        ["EndpointID"] = "",
        ["Gateway"] = gateway ?? "",
        ["IPAddress"] = address ?? "",
        ["IPPrefixLen"] = prefix,
        ["MacAddress"] = mac ?? "",
    };

    private static JsonObject PortBindings(ContainerRecord c)
    {
        var ports = new JsonObject();
        foreach (var group in c.Ports.GroupBy(p => $"{p.ContainerPort}/{p.Protocol}"))
        {
            ports[group.Key] = new JsonArray([.. group.Select(p => (JsonNode?)new JsonObject
            {
                ["HostIp"] = p.HostIp.Length > 0 ? p.HostIp : "0.0.0.0",
                ["HostPort"] = p.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })]);
        }
        return ports;
    }

    private static JsonArray Mounts(ContainerRecord c) => new([.. c.Mounts.Select(m => (JsonNode?)new JsonObject
    {
        ["Type"] = m.VolumeName is null ? "bind" : "volume",
        ["Name"] = m.VolumeName,
        ["Source"] = m.Source,
        ["Destination"] = m.Destination,
        ["Mode"] = m.ReadOnly ? "ro" : "",
        ["RW"] = !m.ReadOnly,
        ["Propagation"] = "rprivate",
    }), .. c.Tmpfs.Select(t => (JsonNode?)new JsonObject
    {
        ["Type"] = "tmpfs",
        ["Source"] = "",
        ["Destination"] = t.Destination,
        ["Mode"] = "",
        ["RW"] = !t.Options.Contains("ro"),
        ["Propagation"] = "",
    })]);
}
