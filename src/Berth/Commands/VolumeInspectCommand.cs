using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`volume inspect [-a] [-f F] VOLUME…`: a JSON array in Podman's shape, or a line per volume from a Go template.</summary>
public static class VolumeInspectCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all", "-a") { Description = "Inspect all volumes" };
        var format = new Option<string?>("--format", "-f") { Description = "\"json\", or a Go template such as \"{{.Mountpoint}}\"" };
        var command = new Command("inspect", "Display detailed information on one or more volumes") { names, all, format };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(names) ?? [];
            if (parse.GetValue(all) == (given.Length > 0))
            {
                throw new BerthException("provide one or more volume names or use --all");
            }
            var template = InspectFormat.Parse(parse.GetValue(format));
            var store = GlobalOptions.OpenEngine(parse).Volumes;
            var views = new List<VolumeView>();
            string? missing = null;
            foreach (var name in parse.GetValue(all) ? store.List().Select(v => v.Name) : given)
            {
                if (store.Load(name) is { } volume)
                {
                    views.Add(new VolumeView(volume));
                }
                else
                {
                    missing ??= name;
                }
            }
            // As Podman: what was found is printed, then the first name that was not fails the command.
            if (template is null)
            {
                Console.WriteLine(new JsonArray([.. views.Select(v => (JsonNode?)v.ToJson())]).ToJsonString(ContainerInspectCommand.OutputOptions));
            }
            else
            {
                TemplateOutput.Write(views, template, null);
            }
            return missing is null ? ExitCodes.Success : throw new BerthException($"inspecting object: no such volume {missing}");
        });
        return command;
    }
}
