using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `ls [-a] [-q] [--filter K=V…] [--format F] [--no-trunc] [--noheading] [--pod]`: Podman's columns CONTAINER ID, IMAGE,
/// COMMAND, CREATED, STATUS, PORTS, NAMES (with --pod: POD ID, PODNAME), or its template fields (<see cref="ContainerListRow"/>).
/// </summary>
public static class ContainerListCommand
{
    public static Command Create(string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers, not only running ones" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the container IDs" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output: id, name, label, status, ancestor, exited, health (KEY=VALUE)" };
        var format = new Option<string?>("--format") { Description = "\"json\", or a Go template such as \"table {{.ID}} {{.Names}}\"" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Display the extended information" };
        var noHeading = new Option<bool>("--noheading") { Description = "Do not print headers" };
        var pod = new Option<bool>("--pod", "-p") { Description = "Print the ID and name of the pod the containers are associated with" };
        var command = new Command(name, "List containers") { all, quiet, filter, format, noTrunc, noHeading, pod };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }
        command.SetAction(parse =>
        {
            var engine = GlobalOptions.OpenEngine(parse);
            var health = engine.Containers.Health;
            var filters = ContainerListFilter.Parse(parse.GetValue(filter) ?? [], health.StatusOf);
            var formatText = parse.GetValue(format) ?? (parse.GetValue(pod) ? ContainerListRow.PodFormat : ContainerListRow.DefaultFormat);
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var podNames = engine.Pods.Store.List().ToDictionary(p => p.Id, p => p.Name);
            var now = DateTimeOffset.UtcNow;
            var rows = engine.Containers.States.ListRefreshed()
                .Where(c => parse.GetValue(all) || filters.ListsStopped || c.Status is ContainerStatus.Running or ContainerStatus.Paused || c.Restarting)
                .Where(filters.Matches)
                .OrderByDescending(c => c.Created)
                .Select(c => new ContainerListRow(c, now, parse.GetValue(noTrunc), c.Pod is { } member ? podNames.GetValueOrDefault(member.PodId) : null, health.StatusOf(c)))
                .ToList();
            if (parse.GetValue(quiet))
            {
                rows.ForEach(r => Console.WriteLine(r.Field("ID")));
            }
            else
            {
                TemplateOutput.Write(rows, template, parse.GetValue(noHeading) ? null : ContainerListRow.HeaderOf);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
