using System.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`pod ps|ls [-q] [--no-trunc] [--filter K=V…] [--format F] [--noheading]`: Podman 4.3's columns, oldest pod first.</summary>
public static class PodListCommand
{
    public static Command Create()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output: id, name, label, status, network, ctr-number (KEY=VALUE)" };
        var format = new Option<string?>("--format") { Description = "\"json\", or a Go template such as \"{{.Name}} {{.Status}}\"" };
        var noHeading = new Option<bool>("--noheading") { Description = "Do not print headers" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate pod and container IDs" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print the pod IDs only" };
        var command = new Command("ps", "List pods") { filter, format, noHeading, noTrunc, quiet };
        command.Aliases.Add("ls");
        command.Aliases.Add("list");
        command.SetAction(parse =>
        {
            var filters = PodListFilter.Parse(parse.GetValue(filter) ?? []);
            var formatText = parse.GetValue(format) ?? PodView.ListFormat;
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var pods = PodCommand.Views(GlobalOptions.OpenEngine(parse), noTrunc: parse.GetValue(noTrunc)).Where(filters.Matches).ToList();
            if (parse.GetValue(quiet))
            {
                pods.ForEach(p => Console.WriteLine(p.Field("ID")));
                return ExitCodes.Success;
            }
            TemplateOutput.Write(pods, template, parse.GetValue(noHeading) ? null : PodView.HeaderOf);
            return ExitCodes.Success;
        });
        return command;
    }
}
