using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `start [-a] [-i] CONTAINER…`: starts created containers and starts exited ones again (same config and
/// writable layer, as `podman start`); with -a stays attached to one and returns its exit code. --all (or --filter) starts
/// every container the filters match, except an unless-stopped one the user stopped: `--all --filter restart-policy=always
/// --filter restart-policy=unless-stopped` is what contrib/systemd/berth-restart.service runs after a reboot.
/// </summary>
public static class ContainerStartCommand
{
    public static Command Create()
    {
        var attach = new Option<bool>("--attach", "-a") { Description = "Attach to the container's output and return its exit code" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Attach stdin too (a container created with -i)" };
        var all = new Option<bool>("--all") { Description = "Start all containers (the filters match), but unless-stopped ones the user stopped" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Start the containers that match (as ps --filter), e.g. restart-policy=always" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var start = new Command("start", "Start created or exited containers") { attach, interactive, all, filter, latest.Option, containers };
        start.SetAction(async (parse, cancellationToken) =>
        {
            var filters = parse.GetValue(filter) ?? [];
            if (parse.GetValue(all) || filters.Length > 0)
            {
                return await StartAllAsync(parse, ContainerListFilter.Parse(filters), parse.GetValue(containers) ?? [], cancellationToken);
            }
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
                return await ForegroundSession.RunAsync(engine, record, parse.GetValue(interactive) && record.Interactive, proxy: null, cancellationToken);
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

    private static async Task<int> StartAllAsync(ParseResult parse, ContainerListFilter filters, string[] names, CancellationToken cancellationToken)
    {
        if (names.Length > 0)
        {
            throw new InvalidArgumentException("either start all containers or the container(s) provided in the arguments");
        }
        var engine = ContainerCommand.OpenEngine(parse);
        var chosen = engine.States.ListRefreshed()
            .Where(c => filters.Matches(c) && (c.Status is ContainerStatus.Created or ContainerStatus.Exited) && !c.RestartPolicy.KeepsDownAtBoot(c.StoppedByUser))
            .OrderBy(c => c.Created).Select(c => c.Id);
        return await ContainerCommand.ForEachAsync(parse, chosen, async (engine, record) =>
        {
            await engine.Lifecycle.StartAsync(await engine.Lifecycle.PrepareStartAsync(record, cancellationToken), cancellationToken);
            Console.WriteLine(record.Name);
        });
    }
}
