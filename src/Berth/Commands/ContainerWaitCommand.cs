using System.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// `wait [--condition C…] [-i INTERVAL] CONTAINER…`: blocks until each container meets a condition and prints a line each:
/// its exit code for stopped/exited (the default; at once for a container that is not running), -1 for the other
/// states (created, running, paused), as Podman's.
/// </summary>
public static class ContainerWaitCommand
{
    public static Command Create()
    {
        var condition = new Option<string[]>("--condition") { Description = "Condition to wait on: stopped, exited, created, running, paused" };
        var interval = DurationOption.Create("--interval", "Time Interval to wait before polling for completion", TimeSpan.FromMilliseconds(250));
        interval.Aliases.Add("-i");
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var command = new Command("wait", "Block on one or more containers") { condition, interval, latest.Option, containers };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var states = Conditions(parse.GetValue(condition) ?? []);
            var pause = parse.GetValue(interval);
            var engine = ContainerCommand.OpenEngine(parse);
            // Every name is resolved first: an unknown one fails the command before it waits on any.
            var records = latest.Names(parse, parse.GetValue(containers)).Select(engine.States.FindRefreshed).ToList();
            foreach (var record in records)
            {
                Console.WriteLine(await WaitAsync(engine, record, states, pause, cancellationToken));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The statuses the conditions accept; null when waiting for an exit (stopped or exited, the default).</summary>
    public static HashSet<ContainerStatus>? Conditions(IEnumerable<string> conditions)
    {
        var statuses = new HashSet<ContainerStatus>();
        var exit = false;
        foreach (var condition in conditions)
        {
            switch (condition)
            {
                case "stopped" or "exited":
                    exit = true;
                    break;
                case "created" or "configured":
                    statuses.Add(ContainerStatus.Created);
                    break;
                case "running":
                    statuses.Add(ContainerStatus.Running);
                    break;
                case "paused":
                    statuses.Add(ContainerStatus.Paused);
                    break;
                default:
                    throw new InvalidArgumentException($"unknown container state: {condition}: invalid argument");
            }
        }
        if (exit || statuses.Count == 0)
        {
            return exit && statuses.Count > 0 ? [.. statuses, ContainerStatus.Exited] : null;
        }
        return statuses;
    }

    private static async Task<int> WaitAsync(ContainerEngine engine, ContainerRecord record, HashSet<ContainerStatus>? statuses, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (statuses is not null)
        {
            var reached = await engine.Lifecycle.WaitForStatusAsync(record, statuses.Contains, interval, cancellationToken);
            return reached.Status == ContainerStatus.Exited ? reached.ExitCode ?? 0 : -1;
        }
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return record.ExitCode ?? 0;
        }
        return (await engine.Lifecycle.WaitAsync(record, cancellationToken)).ExitCode ?? 0;
    }
}
