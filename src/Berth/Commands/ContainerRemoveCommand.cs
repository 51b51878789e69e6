using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `rm [-f] [-a] [-i] [-l] [-t SECS] [-v] CONTAINER…`: removes stopped containers, or running ones with -f (stopped
/// with SIGTERM first when -t is given). Exit codes as Podman's: 1 when a container did not exist, 2 when one
/// was running without -f, 125 for other failures.
/// </summary>
public static class ContainerRemoveCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Kill and remove running containers" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove every container" };
        var ignore = new Option<bool>("--ignore", "-i") { Description = "Ignore containers that do not exist" };
        var time = new Option<int?>("--time", "-t") { Description = "Seconds to wait for a running container to stop before killing it (with -f)" };
        var volumes = new Option<bool>("--volumes", "-v") { Description = "Also remove the container's anonymous volumes" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var rm = new Command("rm", "Remove containers") { force, all, ignore, time, volumes, latest.Option, containers };
        rm.SetAction(async (parse, cancellationToken) =>
        {
            var names = parse.GetValue(containers) ?? [];
            if (parse.GetValue(latest.Option))
            {
                names = latest.Names(parse, names);
            }
            else if (parse.GetValue(all) == (names.Length > 0))
            {
                throw new InvalidArgumentException(names.Length > 0 ? "when using the --all switch, you may not pass any containers names or IDs" : "rm needs at least one container (or --all)");
            }
            if (parse.GetValue(time) is < 0)
            {
                throw new InvalidArgumentException($"invalid --time {parse.GetValue(time)}: must not be negative");
            }
            if (parse.GetValue(all))
            {
                names = [.. ContainerLifecycle.DependentsFirst(ContainerCommand.OpenEngine(parse).Store.List()).Select(c => c.Id)];
            }
            var grace = parse.GetValue(time) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
            return await ContainerCommand.ForEachAsync(parse, names, async (engine, record) =>
            {
                if (parse.GetValue(force) && grace > TimeSpan.Zero && record.Status is ContainerStatus.Running or ContainerStatus.Paused)
                {
                    record = await engine.Lifecycle.StopAsync(record, grace, cancellationToken);
                }
                await engine.Lifecycle.RemoveAsync(record, parse.GetValue(force), cancellationToken, volumes: parse.GetValue(volumes));
                Console.WriteLine(record.Id);
            }, error => error switch
            {
                NotFoundException when parse.GetValue(ignore) => ExitCodes.Success,
                NotFoundException => 1,
                ConflictException => 2,
                _ => error.ExitCode,
            });
        });
        return rm;
    }
}
