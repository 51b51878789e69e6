using System.CommandLine;
using Berth.Engine.Processes;

namespace Berth.Cli.Commands;

/// <summary>`pod top POD [DESCRIPTOR…]`: the processes of the pod's running containers with psgo's descriptors, as `podman pod top`.</summary>
public static class PodTopCommand
{
    public static Command Create()
    {
        var pod = new Argument<string>("POD");
        var descriptors = new Argument<string[]>("DESCRIPTORS") { Arity = ArgumentArity.ZeroOrMore, Description = $"Columns: {string.Join(',', ProcessDescriptors.All.Select(d => d.Name).Order())}" };
        var command = new Command("top", "Display the running processes of containers in a pod") { pod, descriptors };
        command.SetAction(parse =>
        {
            var engine = GlobalOptions.OpenEngine(parse);
            ContainerTopCommand.Write(engine.Pods.Top.Table(engine.Pods.Store.Find(parse.GetValue(pod)!), parse.GetValue(descriptors) ?? []));
            return ExitCodes.Success;
        });
        return command;
    }
}
