using System.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Commands;

/// <summary>`pod inspect [-f F] POD…`: a JSON array in Podman's shape, or a line per pod from a Go template over that JSON; a missing pod fails after the others print.</summary>
public static class PodInspectCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("POD") { Arity = ArgumentArity.OneOrMore };
        var format = new InspectFormat();
        var command = new Command("inspect", "Display a pod configuration") { names, format.Option };
        command.SetAction(parse =>
        {
            var template = format.Template(parse);
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
            InspectFormat.Write(template, views.Select(v => v.Describe()));
            return missing is null ? ExitCodes.Success : throw new NotFoundException($"inspecting object: no such pod {missing}");
        });
        return command;
    }
}
