using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `start [-a] [-i] CONTAINER…`: starts created containers and starts exited ones again (same config and
/// writable layer, as `podman start`); with -a stays attached to one and returns its exit code.
/// </summary>
public static class ContainerStartCommand
{
    public static Command Create()
    {
        var attach = new Option<bool>("--attach", "-a") { Description = "Attach to the container's output and return its exit code" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach stdin too (a container created with -i)" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var start = new Command("start", "Start created or exited containers") { attach, interactive, latest.Option, containers };
        start.SetAction(async (parse, cancellationToken) =>
        {
            var names = latest.Names(parse, parse.GetValue(containers));
            if (parse.GetValue(attach))
            {
                if (names.Length > 1)
                {
                    throw new BerthException("you cannot start and attach multiple containers at once");
                }
                var engine = ContainerCommand.OpenEngine(parse);
                var record = engine.States.FindRefreshed(names[0]);
                ContainerStatusRules.Require(record.Status is ContainerStatus.Created or ContainerStatus.Exited, record, "start and attach to");
                return await ForegroundSession.RunAsync(engine, record, parse.GetValue(interactive) && record.Interactive, cancellationToken);
            }
            return await ContainerCommand.ForEachAsync(parse, names, async (engine, record) =>
            {
                var ready = await engine.Lifecycle.PrepareStartAsync(record, cancellationToken);
                // Starting a running container is not an error, as in Podman.
                if (ready.Status != ContainerStatus.Running)
                {
                    await engine.Lifecycle.StartAsync(ready, cancellationToken);
                }
                Console.WriteLine(record.Name);
            });
        });
        return start;
    }
}
