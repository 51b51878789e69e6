using System.CommandLine;
using Berth.Engine.Processes;

namespace Berth.Cli.Commands;

/// <summary>
/// `pod top POD [DESCRIPTOR…|PS-ARGS…]`: the processes of the pod's running containers with psgo's descriptors, as
/// `podman pod top` (an unknown one is refused); arguments that start with an option (-eo pid,args) are ps(1)'s, run in
/// each member container.
/// </summary>
public static class PodTopCommand
{
    public static Command Create()
    {
        var pod = new Argument<string>("POD");
        var descriptors = new Argument<string[]>("DESCRIPTORS") { Arity = ArgumentArity.ZeroOrMore, Description = $"Columns: {string.Join(',', ProcessDescriptors.All.Select(d => d.Name).Order())}, or ps(1) arguments" };
        var command = new Command("top", "Display the running processes of containers in a pod") { pod, descriptors };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var engine = GlobalOptions.OpenEngine(parse);
            var record = engine.Pods.Store.Find(parse.GetValue(pod)!);
            var arguments = parse.GetValue(descriptors) ?? [];
            if (arguments is [['-', ..], ..])
            {
                foreach (var line in await engine.Pods.Top.PsAsync(record, arguments, cancellationToken))
                {
                    Console.WriteLine(line);
                }
                return ExitCodes.Success;
            }
            ContainerTopCommand.Write(engine.Pods.Top.Table(record, arguments));
            return ExitCodes.Success;
        });
        return command;
    }
}
