using System.CommandLine;
using System.Globalization;
using Berth.Engine.Containers;
using Berth.Engine.Network;

namespace Berth.Cli.Commands;

/// <summary>
/// `port [-a] CONTAINER [PRIVATE_PORT[/PROTO]]`: a running container's published ports as Podman prints them
/// ("80/tcp -> 0.0.0.0:8080"), or the host address of one private port; with --all every running container's,
/// each line led by the short id.
/// </summary>
public static class ContainerPortCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Display port information for all containers" };
        var args = new Argument<string[]>("CONTAINER [PRIVATE_PORT[/PROTO]]") { Arity = new ArgumentArity(0, 2) };
        var latest = new LatestContainer();
        var command = new Command("port", "List port mappings or a specific mapping for the container") { all, latest.Option, args };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(args) ?? [];
            var isAll = parse.GetValue(all);
            if (parse.GetValue(latest.Option))
            {
                // --latest names the container: what is given is the port.
                given = isAll || given.Length > 1 ? throw new InvalidArgumentException("--all, --latest and containers cannot be used together") : [.. latest.Names(parse, []), .. given];
            }
            if (isAll && given.Length > 1)
            {
                throw new BerthException("no arguments are needed with --all");
            }
            if (!isAll && given.Length == 0)
            {
                throw new BerthException("you must supply a running container name or id");
            }
            var (container, port) = isAll ? (null, given.FirstOrDefault()) : (given[0], given.ElementAtOrDefault(1));
            var engine = ContainerCommand.OpenEngine(parse);
            var records = container is null
                ? engine.States.ListRefreshed().OrderByDescending(c => c.Created).ToList()
                : [engine.States.FindRefreshed(container)];
            foreach (var record in records.Where(r => r.Status == ContainerStatus.Running))
            {
                foreach (var line in Lines(record.Ports, port, isAll ? record.ShortId + "\t" : ""))
                {
                    Console.WriteLine(line);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Podman's lines for <paramref name="ports"/>: every mapping without <paramref name="privatePort"/>, else the
    /// first mapping of that port (tcp when no protocol is given) or an error when none maps it.
    /// </summary>
    public static IEnumerable<string> Lines(IReadOnlyList<PortMapping> ports, string? privatePort, string prefix = "")
    {
        if (privatePort is null)
        {
            return ports.Select(p => $"{prefix}{p.ContainerPort}/{p.Protocol} -> {HostIp(p)}:{p.HostPort}").ToList();
        }
        var (number, protocol) = privatePort.Split('/', 2) is [var n, var proto] ? (n, proto) : (privatePort, "tcp");
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted) || wanted is < 1 or > 65535)
        {
            throw new InvalidArgumentException($"invalid port \"{privatePort}\"");
        }
        var found = ports.FirstOrDefault(p => p.ContainerPort == wanted && p.Protocol == protocol)
            ?? throw new BerthException($"failed to find published port \"{wanted}/{protocol}\"");
        return [$"{prefix}{HostIp(found)}:{found.HostPort}"];
    }

    private static string HostIp(PortMapping port) => port.HostIp.Length > 0 ? port.HostIp : "0.0.0.0";
}
