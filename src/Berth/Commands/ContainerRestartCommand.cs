using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `restart [-t SECS] [--all | --running] CONTAINER…`: stops each container (SIGTERM, SIGKILL after the grace period) and
/// starts it again, printing its name; --all restarts every container, --running only the running ones, as Podman's.
/// </summary>
public static class ContainerRestartCommand
{
    public static Command Create()
    {
        var time = new Option<int>("--time", "-t") { Description = "Seconds to wait for stop before killing the container", DefaultValueFactory = _ => 10 };
        var all = new Option<bool>("--all", "-a") { Description = "Restart all non-running containers" };
        var running = new Option<bool>("--running") { Description = "Restart only running containers" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("restart", "Restart one or more containers") { time, all, running, containers };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(time);
            if (seconds < 0)
            {
                throw new BerthException($"invalid --time {seconds}: must not be negative");
            }
            var names = parse.GetValue(containers) ?? [];
            var every = parse.GetValue(all) || parse.GetValue(running);
            if (every == (names.Length > 0))
            {
                throw new BerthException(every ? "no arguments are needed with --all" : "you must provide at least one name or id");
            }
            if (every)
            {
                names = [.. ContainerCommand.OpenEngine(parse).States.ListRefreshed()
                    .Where(c => !parse.GetValue(running) || c.Status == ContainerStatus.Running)
                    .OrderByDescending(c => c.Created).Select(c => c.Id)];
            }
            return await ContainerCommand.ForEachAsync(parse, names, async (engine, record) =>
            {
                await engine.Lifecycle.RestartAsync(record, TimeSpan.FromSeconds(seconds), cancellationToken);
                Console.WriteLine(every ? record.Id : record.Name);
            });
        });
        return command;
    }
}
