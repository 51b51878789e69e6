using Berth.Cli.Output;
using Berth.Engine.Formatting;
using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>`ls [-a]`: Podman's columns CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES.</summary>
public static class ContainerListCommand
{
    private const int CommandWidth = 20;

    public static Command Create(string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers, not only running ones" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the container IDs" };
        var command = new Command(name, "List containers") { all, quiet };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(parse =>
        {
            var engine = ContainerCommand.OpenEngine(parse);
            var containers = engine.States.ListRefreshed()
                .Where(c => parse.GetValue(all) || c.Status is ContainerStatus.Running or ContainerStatus.Paused)
                .OrderByDescending(c => c.Created)
                .ToList();
            if (parse.GetValue(quiet))
            {
                containers.ForEach(c => Console.WriteLine(c.ShortId));
                return ExitCodes.Success;
            }
            var now = DateTimeOffset.UtcNow;
            List<string[]> rows = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]];
            rows.AddRange(containers.Select(c => new[]
            {
                c.ShortId, c.ImageReference, Truncate(string.Join(' ', c.Command)), HumanDuration.Ago(now - c.Created), ContainerStatusText.Podman(c, now),
                string.Join(", ", c.Ports.Select(p => $"{(p.HostIp.Length > 0 ? p.HostIp : "0.0.0.0")}:{p.HostPort}->{p.ContainerPort}/{p.Protocol}")),
                c.Name,
            }));
            TextTable.Write(rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Truncate(string command) => command.Length <= CommandWidth ? command : command[..(CommandWidth - 3)] + "...";
}
