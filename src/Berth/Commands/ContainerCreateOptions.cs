using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Network;
using Berth.Engine.Networks;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

/// <summary>The options `run` and `create` share, and the <see cref="ContainerCreateRequest"/> they make.</summary>
public sealed class ContainerCreateOptions
{
    private readonly Option<bool> _interactive = new("--interactive", "-i") { Description = "Keep stdin open and attach it" };
    private readonly Option<bool> _tty = new("--tty", "-t") { Description = "Allocate a pseudo-terminal" };
    private readonly Option<bool> _remove = new("--rm") { Description = "Remove the container when it exits" };
    private readonly Option<string?> _name = new("--name") { Description = "Name of the container" };
    private readonly Option<string[]> _env = new("--env", "-e") { Description = "Set an environment variable (K=V, or K to copy it)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _workdir = new("--workdir", "-w") { Description = "Working directory inside the container" };
    private readonly Option<string?> _user = new("--user", "-u") { Description = "User[:group] to run as" };
    private readonly Option<string?> _hostname = new("--hostname") { Description = "Container host name" };
    private readonly Option<string[]> _volume = new("--volume", "-v") { Description = "Bind mount SRC:DST[:ro], a named volume NAME:DST[:ro], or an anonymous volume DST" };
    private readonly Option<string[]> _volumesFrom = new("--volumes-from") { Description = "Mount the volumes of the given container: CONTAINER[:ro|rw]" };
    private readonly Option<string[]> _mount = new("--mount") { Description = "Attach a mount: type=volume|bind|tmpfs,source=SRC,destination=DST[,ro][,nocopy][,tmpfs-size=N][,tmpfs-mode=M]" };
    private readonly Option<string[]> _tmpfs = new("--tmpfs") { Description = "Mount a tmpfs: DST[:OPTIONS] (default rw,noexec,nosuid,nodev)" };
    private readonly Option<string[]> _publish = new("--publish", "-p") { Description = "Publish a port [IP:]HOST:CTR[/tcp|udp]" };
    private readonly Option<string> _network = new("--network", "--net") { Description = "bridge, host, none, container:NAME|ID (join that container's network namespace) or the name of a user network", DefaultValueFactory = _ => "bridge" };
    private readonly Option<string[]> _networkAlias = new("--network-alias") { Description = "Another name the container answers to on its user network" };
    private readonly Option<string?> _ip = new("--ip") { Description = "A static IPv4 address for the container on its user network" };
    private readonly Option<string[]> _securityOpt = new("--security-opt") { Description = "seccomp=unconfined turns the seccomp filter off" };
    private readonly Option<string?> _entrypoint = new("--entrypoint") { Description = "Replace the image's ENTRYPOINT (and its CMD); \"\" clears it" };
    private readonly Option<string[]> _label = new("--label", "-l") { Description = "Set metadata on the container (K=V)" };
    private readonly Option<string?> _pod = new("--pod") { Description = "Run the container in an existing pod (its network, IPC and UTS namespaces), or new:NAME to create one" };
    private readonly Option<string?> _restart = new("--restart") { Description = "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure[:N]\"|\"unless-stopped\")" };
    private readonly HealthcheckFlags _healthcheck = new();
    private readonly ResourceFlags _resources = new();
    private readonly UnsupportedRunFlags _unsupported = new();
    private readonly Argument<string> _image = new("IMAGE") { Description = "Image to run" };
    private readonly Argument<string[]> _command = new("COMMAND") { Description = "Command and arguments (default: the image's)", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Adds the options, then IMAGE and COMMAND, to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _interactive, _tty, _remove, _name, _env, _workdir, _user, _hostname, _volume, _volumesFrom, _mount, _tmpfs, _publish, _network, _networkAlias, _ip, _securityOpt, _entrypoint, _label, _pod, _restart })
        {
            command.Options.Add(option);
        }
        foreach (var option in _healthcheck.Options.Concat(_resources.Options).Concat(_unsupported.Options))
        {
            command.Options.Add(option);
        }
        command.Arguments.Add(_image);
        command.Arguments.Add(_command);
    }

    /// <summary>
    /// Creates the container; with --pod, as a member of that pod or of a new one (<see cref="Engine.Pods.PodMemberCreator"/>).
    /// With <paramref name="clientRuns"/> this process runs it in the foreground itself when it can (<see cref="ContainerRecord.RunByClient"/>).
    /// </summary>
    public async Task<ContainerRecord> CreateAsync(ParseResult parse, BerthEngine engine, CancellationToken cancellationToken, bool clientRuns = false)
    {
        var request = ToRequest(parse) with { ClientRuns = clientRuns };
        if (request.Network != NetworkMode.Bridge && request.Ports.Count > 0)
        {
            // Podman's warning, word for word; it goes on without them.
            Console.Error.WriteLine("Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use");
            request = request with { Ports = [] };
        }
        return parse.GetValue(_pod) is { } pod
            ? await engine.Pods.Members.CreateAsync(pod, request, cancellationToken)
            : await engine.Containers.Creator.CreateAsync(await engine.Containers.NetworkContainers.PrepareAsync(request, cancellationToken), cancellationToken);
    }

    private ContainerCreateRequest ToRequest(ParseResult parse)
    {
        _unsupported.Refuse(parse);
        return new()
        {
            Image = parse.GetValue(_image)!,
            Command = parse.GetValue(_command) ?? [],
            Entrypoint = parse.GetValue(_entrypoint) is { } entrypoint ? (entrypoint.Length == 0 ? [] : [entrypoint]) : null,
            Labels = Labels(parse.GetValue(_label) ?? []),
            Name = parse.GetValue(_name),
            Env = parse.GetValue(_env) ?? [],
            WorkingDir = parse.GetValue(_workdir),
            User = parse.GetValue(_user),
            Hostname = parse.GetValue(_hostname),
            Mounts = [.. (parse.GetValue(_volume) ?? []).Select(BindMount.Parse), .. Array.FindAll(parse.GetValue(_mount) ?? [], m => !TmpfsMount.IsTmpfsMount(m)).Select(BindMount.ParseMount)],
            Tmpfs = [.. (parse.GetValue(_tmpfs) ?? []).Select(TmpfsMount.Parse), .. Array.FindAll(parse.GetValue(_mount) ?? [], TmpfsMount.IsTmpfsMount).Select(TmpfsMount.ParseMount)],
            VolumesFrom = parse.GetValue(_volumesFrom) ?? [],
            Ports = (parse.GetValue(_publish) ?? []).Select(PortMapping.Parse).ToList(),
            Network = NetworkModeOf(parse.GetValue(_network)!),
            NetworkContainer = NetworkContainerOf(parse.GetValue(_network)!),
            Networks = Endpoints(parse.GetValue(_network)!, parse.GetValue(_networkAlias) ?? [], parse.GetValue(_ip)),
            Limits = Limits(parse),
            Seccomp = Seccomp(parse.GetValue(_securityOpt) ?? []),
            Terminal = parse.GetValue(_tty),
            Interactive = parse.GetValue(_interactive),
            AutoRemove = parse.GetValue(_remove),
            RestartPolicy = parse.GetValue(_restart) is { } restart ? RestartPolicy.Parse(restart) : RestartPolicy.No,
            Healthcheck = _healthcheck.ToOverrides(parse),
        };
    }

    private const string ContainerPrefix = "container:";

    private static NetworkMode NetworkModeOf(string network) => network switch
    {
        "host" => NetworkMode.Host,
        "none" => NetworkMode.None,
        _ when network.StartsWith(ContainerPrefix, StringComparison.Ordinal) => NetworkMode.Container,
        _ => NetworkMode.Bridge,
    };

    /// <summary>The container named by --network container:NAME|ID, whose network namespace the new one joins.</summary>
    private static string? NetworkContainerOf(string network) => network.StartsWith(ContainerPrefix, StringComparison.Ordinal)
        ? network.Length > ContainerPrefix.Length ? network[ContainerPrefix.Length..] : throw new InvalidArgumentException("invalid config provided: namespace mode container requires a value")
        : null;

    /// <summary>A user network (anything but the predefined modes) with its aliases and fixed address, which need one.</summary>
    private static List<NetworkEndpoint> Endpoints(string network, string[] aliases, string? address)
    {
        if (network is "host" or "none" || network.StartsWith(ContainerPrefix, StringComparison.Ordinal))
        {
            // Podman's refusals, word for word.
            return aliases.Length > 0 ? throw new InvalidArgumentException("--network-alias can only be set when the network mode is bridge: invalid argument")
                : address is not null ? throw new InvalidArgumentException("--ip can only be set when the network mode is bridge: invalid argument")
                : [];
        }
        if (network is "bridge")
        {
            return aliases.Length > 0 ? throw new InvalidArgumentException("--network-alias is only supported with user defined networks")
                : address is not null ? throw new InvalidArgumentException("--ip is only supported with user defined networks")
                : [];
        }
        return [new NetworkEndpoint { Network = network, Aliases = aliases, RequestedIPAddress = address }];
    }

    internal static Dictionary<string, string> Labels(string[] labels)
    {
        var parsed = new Dictionary<string, string>();
        foreach (var label in labels)
        {
            var (key, value) = label.Split('=', 2) is [var k, var v] ? (k, v) : (label, "");
            if (key.Length == 0)
            {
                throw new InvalidArgumentException($"invalid label \"{label}\": expected KEY=VALUE");
            }
            parsed[key] = value;
        }
        return parsed;
    }

    /// <summary>The cgroup limits; a block I/O weight this kernel cannot apply is dropped with Podman's warning, as Podman does.</summary>
    private ResourceLimits Limits(ParseResult parse)
    {
        var limits = HostBlockIo.Applicable(_resources.ToLimits(parse), out var warning);
        if (warning is not null)
        {
            Console.Error.WriteLine(warning);
        }
        return limits;
    }

    private static bool Seccomp(string[] options)
    {
        foreach (var option in options)
        {
            if (option is not ("seccomp=unconfined" or "seccomp:unconfined"))
            {
                throw new InvalidArgumentException($"unsupported --security-opt \"{option}\": only seccomp=unconfined is understood");
            }
        }
        return options.Length == 0;
    }
}
