using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`stop [-t SECS] CONTAINER…`: SIGTERM, then SIGKILL after the grace period.</summary>
public static class ContainerStopCommand
{
    public static Command Create()
    {
        var time = new Option<int>("--time", "-t") { Description = "Seconds to wait before SIGKILL", DefaultValueFactory = _ => 10 };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var stop = new Command("stop", "Stop running containers") { time, latest.Option, containers };
        stop.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(time);
            if (seconds < 0)
            {
                throw new BerthException($"invalid --time {seconds}: must not be negative");
            }
            return await ContainerCommand.ForEachAsync(parse, latest.Names(parse, parse.GetValue(containers)), async (engine, record) =>
            {
                await engine.Lifecycle.StopAsync(record, TimeSpan.FromSeconds(seconds), cancellationToken);
                await engine.Cleaner.ReleaseAsync(record, cancellationToken);
                Console.WriteLine(record.Name);
            });
        });
        return stop;
    }
}
