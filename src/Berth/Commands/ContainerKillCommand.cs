using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>`kill [-s SIGNAL] CONTAINER…`: sends a signal (default SIGKILL) to the container's init.</summary>
public static class ContainerKillCommand
{
    public static Command Create()
    {
        var signal = new Option<string>("--signal", "-s") { Description = "Signal to send, e.g. TERM or 15", DefaultValueFactory = _ => "KILL" };
        var containers = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var latest = new LatestContainer();
        var kill = new Command("kill", "Send a signal to running containers") { signal, latest.Option, containers };
        kill.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(signal)!.ToUpperInvariant();
            name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
            return await ContainerCommand.ForEachAsync(parse, latest.Names(parse, parse.GetValue(containers)), async (engine, record) =>
            {
                await engine.Lifecycle.KillAsync(record, name, cancellationToken);
                Console.WriteLine(record.Id);
            });
        });
        return kill;
    }
}
