using System.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>`volume ls [-q] [--filter K=V…] [--format F] [--noheading]`: DRIVER and VOLUME NAME as Podman prints them, by name.</summary>
public static class VolumeListCommand
{
    public static Command Create()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter volume output: name, label, dangling, driver, scope, opt, until (KEY=VALUE)" };
        var format = new Option<string?>("--format") { Description = "\"json\", or a Go template such as \"{{.Name}} {{.Mountpoint}}\"" };
        var noHeading = new Option<bool>("--noheading") { Description = "Do not print headers" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print volume output in quiet mode" };
        var command = new Command("ls", "List volumes") { filter, format, noHeading, quiet };
        command.Aliases.Add("list");
        command.SetAction(parse =>
        {
            var filters = VolumeListFilter.Parse(parse.GetValue(filter) ?? [], DateTimeOffset.UtcNow);
            var formatText = parse.GetValue(format) ?? VolumeView.ListFormat;
            var template = formatText == "json" ? null : GoTemplate.Parse(formatText);
            var engine = GlobalOptions.OpenEngine(parse);
            var used = filters.NeedsUsage ? new VolumeRemover(engine.Volumes, engine.Containers.Store).UsedNames() : [];
            var volumes = engine.Volumes.List().Where(v => filters.Matches(v, used)).ToList();
            if (parse.GetValue(quiet))
            {
                volumes.ForEach(v => Console.WriteLine(v.Name));
                return ExitCodes.Success;
            }
            TemplateOutput.Write([.. volumes.Select(v => new VolumeView(v))], template, parse.GetValue(noHeading) ? null : VolumeView.HeaderOf);
            return ExitCodes.Success;
        });
        return command;
    }
}
