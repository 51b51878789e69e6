using System.CommandLine;
using System.Text.Json.Nodes;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`pod inspect [-f F] POD…`: a JSON array in Podman's shape, or a line per pod from a Go template; a missing pod fails after the others print.</summary>
public static class PodInspectCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("POD") { Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format", "-f") { Description = "\"json\", or a Go template such as \"{{.State}}\"" };
        var command = new Command("inspect", "Display a pod configuration") { names, format };
        command.SetAction(parse =>
        {
            var engine = GlobalOptions.OpenEngine(parse);
            var views = new List<PodView>();
            string? missing = null;
            foreach (var name in parse.GetValue(names)!)
            {
                if (engine.Pods.Store.TryFind(name) is { } pod)
                {
                    views.Add(PodCommand.View(engine, pod, noTrunc: true));
                }
                else
                {
                    missing ??= name;
                }
            }
            if (parse.GetValue(format) is { } text and not "json")
            {
                TemplateOutput.Write(views, GoTemplate.Parse(text), null);
            }
            else
            {
                Console.WriteLine(new JsonArray([.. views.Select(v => (JsonNode?)v.Describe())]).ToJsonString(ContainerInspectCommand.OutputOptions));
            }
            return missing is null ? ExitCodes.Success : throw new NotFoundException($"inspecting object: no such pod {missing}");
        });
        return command;
    }
}
