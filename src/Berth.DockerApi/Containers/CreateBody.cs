using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Health;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>
/// Reads the body of POST /containers/create (Docker's container.Config with HostConfig) into the engine's
/// <see cref="ContainerCreateRequest"/>. Settings Berth cannot honour yet are refused with a 400 naming
/// them, never dropped silently; fields the CLI always sends with their zero value are fine.
/// </summary>
public static class CreateBody
{
    public static ContainerCreateRequest Read(JsonObject body, string? name)
    {
        try
        {
            var host = body["HostConfig"] as JsonObject ?? [];
            Refuse(host, "Devices", v => v.AsArray().Count > 0, "--device");
            var (mounts, tmpfs) = MountsBody.Read(host);
            return new ContainerCreateRequest
            {
                Image = String(body, "Image") ?? throw new InvalidArgumentException("Config cannot be empty in order to create a container"),
                Name = string.IsNullOrEmpty(name) ? null : name,
                Command = StringList(body["Cmd"]) ?? [],
                Entrypoint = StringList(body["Entrypoint"]),
                Env = StringList(body["Env"]) ?? [],
                WorkingDir = String(body, "WorkingDir"),
                User = String(body, "User"),
                Hostname = String(body, "Hostname"),
                Terminal = Bool(body, "Tty"),
                Interactive = Bool(body, "OpenStdin"),
                Labels = body["Labels"] is JsonObject labels ? labels.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "") : new Dictionary<string, string>(),
                AutoRemove = Bool(host, "AutoRemove"),
                RestartPolicy = RestartPolicy.FromDocker(String(host["RestartPolicy"] as JsonObject ?? [], "Name"), host["RestartPolicy"]?["MaximumRetryCount"]?.GetValue<int>() ?? 0),
                // `-v /path` comes as Config.Volumes: an anonymous volume there.
                Mounts = [.. (StringList(host["Binds"]) ?? []).Select(BindMount.Parse), .. mounts, .. (body["Volumes"] as JsonObject ?? []).Select(v => BindMount.Parse(v.Key))],
                Tmpfs = tmpfs,
                VolumesFrom = StringList(host["VolumesFrom"]) ?? [],
                Ports = Ports(host["PortBindings"] as JsonObject),
                Network = Network(String(host, "NetworkMode")),
                NetworkContainer = NetworkContainer(body, host),
                Networks = Endpoints(String(host, "NetworkMode"), body["NetworkingConfig"]?["EndpointsConfig"] as JsonObject),
                Limits = ResourcesBody.Read(host),
                Seccomp = !(StringList(host["SecurityOpt"]) ?? []).Any(o => o is "seccomp=unconfined" or "seccomp:unconfined"),
                Security = Security(host),
                Healthcheck = Healthcheck(body["Healthcheck"] as JsonObject),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new InvalidArgumentException($"invalid container configuration: {e.Message}");
        }
    }

    /// <summary>
    /// Config.Healthcheck as dockerd reads it: an empty Test, a zero duration or zero Retries keep the image's setting,
    /// ["NONE"] turns the check off; durations are nanoseconds, at least 1ms.
    /// </summary>
    private static HealthcheckOverrides Healthcheck(JsonObject? config)
    {
        var test = StringList(config?["Test"]) is { Count: > 0 } given ? given : null;
        if (test is not null && test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
        {
            throw new InvalidArgumentException($"invalid Healthcheck: Test must start with CMD, CMD-SHELL or NONE, not \"{test[0]}\"");
        }
        var retries = config?["Retries"]?.GetValue<int>() ?? 0;
        return new HealthcheckOverrides
        {
            Test = test,
            Interval = Nanoseconds(config, "Interval"),
            Timeout = Nanoseconds(config, "Timeout"),
            StartPeriod = Nanoseconds(config, "StartPeriod"),
            StartInterval = Nanoseconds(config, "StartInterval"),
            Retries = retries switch
            {
                < 0 => throw new InvalidArgumentException("Retries in Healthcheck cannot be negative"),
                0 => null,
                _ => retries,
            },
        };
    }

    private static TimeSpan? Nanoseconds(JsonObject? config, string field) => config?[field]?.GetValue<long>() switch
    {
        null or 0 => null,
        < 1_000_000 => throw new InvalidArgumentException($"{field} in Healthcheck cannot be less than 1ms"),
        var nanoseconds => TimeSpan.FromTicks(nanoseconds.Value / 100),
    };

    private static void Refuse(JsonObject config, string field, Func<JsonNode, bool> isSet, string what)
    {
        if (config[field] is { } value && isSet(value))
        {
            throw new InvalidArgumentException($"{what} ({field}) are not supported by Berth yet");
        }
    }

    private static string? String(JsonObject config, string field) => config[field]?.GetValue<string>() is { Length: > 0 } value ? value : null;

    private static bool Bool(JsonObject config, string field) => config[field]?.GetValue<bool>() ?? false;

    /// <summary>An array of strings, or one string (Docker accepts both for Cmd and Entrypoint); null when absent.</summary>
    private static List<string>? StringList(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(v => v?.GetValue<string>() ?? "").ToList(),
        JsonValue value => [value.GetValue<string>()],
        _ => throw new FormatException("expected a string or an array of strings"),
    };

    /// <summary>{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}; an empty HostPort (a random port) is refused.</summary>
    private static List<PortMapping> Ports(JsonObject? bindings)
    {
        var ports = new List<PortMapping>();
        foreach (var (key, value) in bindings ?? [])
        {
            var parts = key.Split('/');
            var containerPort = int.Parse(parts[0], CultureInfo.InvariantCulture);
            foreach (var binding in value?.AsArray() ?? [])
            {
                var hostPort = binding?["HostPort"]?.GetValue<string>();
                if (string.IsNullOrEmpty(hostPort))
                {
                    throw new InvalidArgumentException($"publishing {key} on a random host port is not supported by Berth yet: give a host port");
                }
                var hostIp = binding?["HostIp"]?.GetValue<string>() ?? "";
                ports.Add(new PortMapping(hostIp, int.Parse(hostPort, CultureInfo.InvariantCulture), containerPort, parts.Length > 1 ? parts[1] : "tcp").Validated());
            }
        }
        return ports;
    }

    private const string ContainerPrefix = "container:";

    private static NetworkMode Network(string? mode) => mode switch
    {
        "host" => NetworkMode.Host,
        "none" => NetworkMode.None,
        _ when mode?.StartsWith(ContainerPrefix, StringComparison.Ordinal) == true => NetworkMode.Container,
        _ => NetworkMode.Bridge,
    };

    /// <summary>The container a `container:NAME|ID` mode joins, with dockerd's refusals of what that mode cannot have (runconfig's validateNetContainerMode).</summary>
    private static string? NetworkContainer(JsonObject config, JsonObject host)
    {
        if (String(host, "NetworkMode") is not { } mode || !mode.StartsWith(ContainerPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        if (mode.Length == ContainerPrefix.Length)
        {
            throw new InvalidArgumentException("Invalid network mode: invalid container format container:<name|id>");
        }
        if (String(config, "Hostname") is not null)
        {
            throw new InvalidArgumentException("conflicting options: hostname and the network mode");
        }
        if (host["PortBindings"] is JsonObject { Count: > 0 } || Bool(host, "PublishAllPorts"))
        {
            throw new InvalidArgumentException("conflicting options: port publishing and the container type network mode");
        }
        if (config["ExposedPorts"] is JsonObject { Count: > 0 })
        {
            throw new InvalidArgumentException("conflicting options: port exposing and the container type network mode");
        }
        return mode[ContainerPrefix.Length..];
    }

    /// <summary>The user network NetworkMode names, with the aliases and fixed IPv4 address its EndpointsConfig entry gives.</summary>
    private static List<NetworkEndpoint> Endpoints(string? mode, JsonObject? endpoints)
    {
        var settings = endpoints?[mode ?? "bridge"] as JsonObject;
        var ipam = settings?["IPAMConfig"] as JsonObject ?? [];
        if (mode is null or "default" or "bridge" or "host" or "none" || mode.StartsWith(ContainerPrefix, StringComparison.Ordinal))
        {
            return String(ipam, "IPv4Address") is null ? [] : throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
        }
        if (String(ipam, "IPv6Address") is not null)
        {
            throw new InvalidArgumentException("fixed IPv6 addresses on a network (--ip6) are not supported by Berth yet");
        }
        return [new NetworkEndpoint { Network = mode, Aliases = StringList(settings?["Aliases"]) ?? [], RequestedIPAddress = String(ipam, "IPv4Address") }];
    }

    /// <summary>
    /// --cap-add/--cap-drop (names with or without CAP_, ALL), --privileged, --read-only, and no_new_privs only
    /// with --security-opt no-new-privileges: dockerd's defaults, where Podman sets it always.
    /// </summary>
    private static ContainerSecurity Security(JsonObject host) => new()
    {
        CapAdd = Capabilities(host, "CapAdd"),
        CapDrop = Capabilities(host, "CapDrop"),
        Privileged = Bool(host, "Privileged"),
        ReadOnlyRootfs = Bool(host, "ReadonlyRootfs"),
        NoNewPrivileges = (StringList(host["SecurityOpt"]) ?? []).Any(o => o is "no-new-privileges" or "no-new-privileges:true" or "no-new-privileges=true"),
    };

    private static List<string> Capabilities(JsonObject host, string field)
    {
        var names = StringList(host[field]) ?? [];
        foreach (var name in names.Where(n => !n.Equals("ALL", StringComparison.OrdinalIgnoreCase)))
        {
            var full = name.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? name.ToUpperInvariant() : "CAP_" + name.ToUpperInvariant();
            if (!LinuxCapabilities.All.Contains(full))
            {
                throw new InvalidArgumentException($"invalid {field}: unknown capability: \"{full}\"");
            }
        }
        return names;
    }
}
